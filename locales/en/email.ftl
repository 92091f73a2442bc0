email-greeting = Hello { $name },
email-signature = — Yoriai
email-why-account = You receive this email because someone used this address on { $site }. If it was not you, you can ignore it.
email-why-security = You receive this email because it concerns the security of your account on { $site }.
email-confirm-subject = Confirm your email address
email-confirm-body = Thank you for creating an account. Open this link to confirm your email address:

    { $link }

    The link works for { $hours } hours.
email-existing-subject = Someone tried to create an account with your address
email-existing-body = Someone tried to create a new account with this email address, but you already have one.

    If it was you, sign in here: { $signin }
    Forgot your password? Reset it here: { $reset }
email-reset-subject = Reset your password
email-reset-body = Someone asked to reset the password of your account. Open this link to choose a new one:

    { $link }

    The link works for { $minutes } minutes. If you did not ask for it, ignore this email: your password stays the same.
email-change-subject = Confirm your new email address
email-change-body = Open this link to use this address for your account:

    { $link }

    The link works for { $hours } hours.
email-change-notice-subject = Your email address is being changed
email-change-notice-body = Someone asked to change the email address of your account to { $masked }. Nothing changes until the new address is confirmed. If it was not you, change your password now.
email-password-changed-subject = Your password has been changed
email-password-changed-body = The password of your account was just changed and your other devices were signed out. If it was not you, reset your password now: { $reset }
email-second-step-locked-subject = Wrong codes for your two-step sign-in
email-second-step-locked-body = Someone signed in to your account with your password and then entered { $count } wrong two-step codes. Two-step sign-in to your account is locked for { $minutes } minutes. If this was not you, someone knows your password: change it now: { $reset }
email-confirm-report-subject = Confirm your report: { $title }
email-confirm-report-body = Thank you for your report “{ $title }”. It is sent to the city once you open this link (valid for { $days } days): { $link }
email-why-report = You receive this email because this address was given with a report on { $site }. If it was not you, ignore it: nothing is sent without the link.
email-report-update-subject = Update on your report: { $title }
email-report-update-body = Your report “{ $title }” is now: { $state }.

    { $update }

    See the report: { $link }
email-why-report-updates = You receive this email because you made this report on { $site } without an account. To stop emails about it, open: { $stop }
