//! The one Atom (RFC 4287) writer: street-report feeds use it today, and any feature
//! that publishes a feed writes it through this, so escaping and dates are done once.

use chrono::NaiveDateTime;
use yoriai_domain::text::escape;

/// One `<entry>`: public data only; the caller decides what that is.
pub struct Entry {
    pub id: String,
    pub title: String,
    pub link: String,
    pub updated: NaiveDateTime,
    pub summary: String,
}

/// A feed; `self_link` is also its id. Times are UTC.
pub struct Feed {
    pub title: String,
    pub self_link: String,
    pub updated: NaiveDateTime,
    pub entries: Vec<Entry>,
}

fn date(t: NaiveDateTime) -> String {
    format!("{}Z", t.format("%Y-%m-%dT%H:%M:%S"))
}

impl Feed {
    pub fn to_xml(&self) -> String {
        let mut out =
            String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">");
        out.push_str(&format!("<id>{}</id>", escape(&self.self_link)));
        out.push_str(&format!("<title>{}</title>", escape(&self.title)));
        out.push_str(&format!("<link rel=\"self\" href=\"{}\"/>", escape(&self.self_link)));
        out.push_str(&format!("<updated>{}</updated>", date(self.updated)));
        out.push_str("<author><name>Yoriai</name></author>");
        for e in &self.entries {
            out.push_str("<entry>");
            out.push_str(&format!("<id>{}</id>", escape(&e.id)));
            out.push_str(&format!("<title>{}</title>", escape(&e.title)));
            out.push_str(&format!("<link href=\"{}\"/>", escape(&e.link)));
            out.push_str(&format!("<updated>{}</updated>", date(e.updated)));
            out.push_str(&format!("<summary>{}</summary>", escape(&e.summary)));
            out.push_str("</entry>");
        }
        out.push_str("</feed>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_dates_are_utc() {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap().and_hms_opt(3, 4, 5).unwrap();
        let feed = Feed {
            title: "Parks & <roads>".into(),
            self_link: "https://city.example/reports/feed.atom?a=1&b=2".into(),
            updated: t,
            entries: vec![Entry {
                id: "https://city.example/reports/1".into(),
                title: "\"Broken\" </title><script>".into(),
                link: "https://city.example/reports/1".into(),
                updated: t,
                summary: "a < b".into(),
            }],
        };
        let xml = feed.to_xml();
        assert!(xml.contains("<title>Parks &amp; &lt;roads&gt;</title>"), "{xml}");
        assert!(xml.contains("href=\"https://city.example/reports/feed.atom?a=1&amp;b=2\""), "{xml}");
        assert!(!xml.contains("<script>"), "{xml}");
        assert!(xml.contains("<updated>2026-12-06T03:04:05Z</updated>"), "{xml}");
        assert_eq!(xml.matches("<entry>").count(), 1);
        assert!(xml.ends_with("</feed>\n"));
    }
}
