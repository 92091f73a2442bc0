//! A decision's documents: PDFs checked by content, stored, listed and removed.

use super::*;

/// Whether the bytes are a PDF document (by content, not by name).
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.len() > 8 && bytes.starts_with(b"%PDF-") && bytes.windows(5).rev().take(2048).any(|w| w == b"%%EOF")
}

/// A file name safe to show and to send back in `Content-Disposition`.
fn clean_file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String =
        base.chars().filter(|c| !c.is_control() && !matches!(c, '"' | ';')).take(120).collect::<String>();
    let cleaned = cleaned.trim().to_owned();
    if cleaned.is_empty() {
        "document.pdf".into()
    } else if cleaned.to_lowercase().ends_with(".pdf") {
        cleaned
    } else {
        format!("{cleaned}.pdf")
    }
}

/// Attaches a PDF document to a decision.
pub fn add_document(
    svc: &Services,
    actor: &Actor,
    decision_id: DecisionId,
    file_name: &str,
    bytes: &[u8],
) -> ServiceResult<DocumentId> {
    reach(actor, publish)?;
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(Rejection::field("document", ErrorCode::FileTooLarge).into());
    }
    if !is_pdf(bytes) {
        return Err(Rejection::field("document", ErrorCode::PdfInvalid).into());
    }
    let mut conn = svc.conn()?;
    let decision = store::find_decision(&mut conn, decision_id)?.ok_or(ErrorCode::NotFound)?;
    authorize(actor, &publish(decision.process_id))?;
    if store::documents_of(&mut conn, decision_id)?.len() >= MAX_DOCUMENTS {
        return Err(Rejection::field("document", ErrorCode::DocumentLimit).into());
    }
    let key = crate::images::new_key();
    let name = format!("{key}.pdf");
    svc.storage.put(&name, bytes).map_err(|e| ServiceError::Internal(Box::new(e)))?;
    let file_name = clean_file_name(file_name);
    let now = yoriai_store::now();
    let result = yoriai_store::write_tx(&mut conn, |c| {
        // Counted again with the decision locked: parallel uploads cannot pass the limit.
        yoriai_store::backend::lock_row(c, yoriai_store::backend::LockTable::Decisions, decision_id.0)?;
        if store::documents_of(c, decision_id)?.len() >= MAX_DOCUMENTS {
            return Err(Rejection::field("document", ErrorCode::DocumentLimit).into());
        }
        let id = store::insert_document(c, decision_id, &key, &file_name, bytes.len() as i64, now)?;
        audit::log(
            c,
            actor,
            "add_decision_document",
            ("decision", Some(decision_id)),
            Visibility::Public,
            None,
            json!({ "document": id, "bytes": bytes.len() }),
        )?;
        Ok::<_, ServiceError>(id)
    });
    if result.is_err() {
        let _ = svc.storage.delete(&name);
    }
    result
}

pub fn remove_document(
    svc: &Services,
    actor: &Actor,
    decision_id: DecisionId,
    document_id: DocumentId,
) -> ServiceResult<()> {
    reach(actor, publish)?;
    let mut conn = svc.conn()?;
    let decision = store::find_decision(&mut conn, decision_id)?.ok_or(ErrorCode::NotFound)?;
    authorize(actor, &publish(decision.process_id))?;
    let doc = store::find_document(&mut conn, document_id)?
        .filter(|d| d.decision_id == decision_id)
        .ok_or(ErrorCode::NotFound)?;
    yoriai_store::write_tx(&mut conn, |c| {
        store::delete_document(c, document_id)?;
        audit::log(
            c,
            actor,
            "remove_decision_document",
            ("decision", Some(decision_id)),
            Visibility::Public,
            None,
            json!({ "document": document_id }),
        )
    })?;
    let _ = svc.storage.delete(&format!("{}.pdf", doc.storage_key));
    Ok(())
}

/// A document's name and bytes, for download. Decisions are public.
pub fn document(svc: &Services, decision_id: DecisionId, document_id: DocumentId) -> ServiceResult<(String, Vec<u8>)> {
    let mut conn = svc.conn()?;
    let doc = store::find_document(&mut conn, document_id)?
        .filter(|d| d.decision_id == decision_id)
        .ok_or(ErrorCode::NotFound)?;
    let bytes = svc
        .storage
        .get(&format!("{}.pdf", doc.storage_key))
        .map_err(|e| ServiceError::Internal(Box::new(e)))?
        .ok_or(ErrorCode::NotFound)?;
    Ok((doc.file_name, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdfs_are_recognised_by_content() {
        assert!(is_pdf(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n"));
        assert!(!is_pdf(b"<html>%PDF-</html>"));
        assert!(!is_pdf(b"%PDF-1.7 truncated"));
        assert!(!is_pdf(b""));
    }

    #[test]
    fn file_names_lose_paths_quotes_and_control_characters() {
        assert_eq!(clean_file_name("C:\\docs\\議事録.pdf"), "議事録.pdf");
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd.pdf");
        assert_eq!(clean_file_name("a\"b;\n.pdf"), "ab.pdf");
        assert_eq!(clean_file_name(""), "document.pdf");
    }
}
