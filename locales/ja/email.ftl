email-greeting = { $name } さん
email-signature = — 寄合（Yoriai）
email-why-account = このメールは、{ $site } でこのアドレスが使われたためにお送りしています。心当たりがない場合は無視してください。
email-why-security = このメールは、{ $site } のアカウントの安全に関わるためお送りしています。
email-confirm-subject = メールアドレスを確認してください
email-confirm-body = アカウントを作成いただきありがとうございます。次のリンクを開いてメールアドレスを確認してください。

    { $link }

    リンクの有効期限は { $hours } 時間です。
email-existing-subject = あなたのアドレスでアカウント作成が試みられました
email-existing-body = このメールアドレスで新しいアカウントを作成しようとした人がいますが、すでにアカウントがあります。

    ご本人の場合は、こちらからログインしてください：{ $signin }
    パスワードをお忘れの場合は、こちらから再設定できます：{ $reset }
email-reset-subject = パスワードの再設定
email-reset-body = アカウントのパスワード再設定が依頼されました。次のリンクを開いて、新しいパスワードを設定してください。

    { $link }

    リンクの有効期限は { $minutes } 分です。心当たりがない場合はこのメールを無視してください。パスワードは変わりません。
email-change-subject = 新しいメールアドレスを確認してください
email-change-body = 次のリンクを開くと、このアドレスがアカウントのメールアドレスになります。

    { $link }

    リンクの有効期限は { $hours } 時間です。
email-change-notice-subject = メールアドレスの変更が依頼されました
email-change-notice-body = アカウントのメールアドレスを { $masked } に変更する依頼がありました。新しいアドレスが確認されるまで、何も変わりません。心当たりがない場合は、すぐにパスワードを変更してください。
email-password-changed-subject = パスワードが変更されました
email-password-changed-body = アカウントのパスワードが変更され、ほかの端末はログアウトされました。心当たりがない場合は、すぐにパスワードを再設定してください：{ $reset }
email-second-step-locked-subject = 2段階認証で誤ったコードが入力されました
email-second-step-locked-body = あなたのパスワードでログインした人が、2段階認証の確認コードを { $count } 回誤って入力しました。あなたのアカウントの2段階認証は { $minutes } 分間ロックされています。心当たりがない場合、パスワードがほかの人に知られています。すぐに変更してください：{ $reset }
email-confirm-report-subject = 通報の確認：{ $title }
email-confirm-report-body = 通報「{ $title }」をありがとうございます。次のリンクを開くと、市に送られます（{ $days } 日間有効）。
    { $link }
email-why-report = このメールは、{ $site } での通報にこのアドレスが入力されたため送られています。心当たりがない場合は無視してください。リンクを開かない限り何も送られません。
email-report-update-subject = 通報の更新：{ $title }
email-report-update-body = あなたの通報「{ $title }」は次の状態になりました：{ $state }

    { $update }

    通報を見る： { $link }
email-why-report-updates = このメールは、あなたが { $site } でアカウントなしで通報したため送られています。この通報についてのメールを止めるには、次のリンクを開いてください。
    { $stop }
