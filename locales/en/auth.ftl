field-email = Email address
field-email-hint = We send a link to confirm it. It is never shown to others.
field-display-name = Display name
field-display-name-hint = Shown next to what you write. You can use a nickname.
field-password = Password
field-password-hint = At least 10 characters. A few unrelated words make a good password.
field-current-password = Current password
field-new-password = New password
field-new-email = New email address
field-show-password = Show password
sign-up-title = Create an account
sign-up-intro = An account lets you make proposals, support them and follow what happens. It is optional for reading.
sign-up-submit = Create account
sign-up-have-account = Already have an account?
sign-up-done-title = Check your email
sign-up-done-body = We have sent a message to the address you gave. Open the link in it to confirm your account. The link works for { $hours } hours.
sign-up-done-not-received = No email after a few minutes? Check your spam folder or ask for a new link.
sign-in-title = Sign in
sign-in-submit = Sign in
sign-in-forgot = Forgot your password?
sign-in-no-account = No account yet?
sign-in-resend = Did not get the confirmation email?
sign-in-done = You are signed in.
sign-out-done = You have signed out.
confirm-title = Confirm your email address
confirm-body = Press the button to confirm your email address and activate your account.
confirm-submit = Confirm my email
confirm-done-title = Your email address is confirmed
confirm-done-body = Your account is active. You can sign in now.
confirm-missing-token = This page needs the link from your email. Open the link again, or ask for a new one.
resend-title = Send the confirmation link again
resend-intro = Enter your email address. If an unconfirmed account uses it, we send a new link.
resend-submit = Send the link
resend-done = If an unconfirmed account uses that address, a new link is on its way.
forgot-title = Reset your password
forgot-intro = Enter your email address. If an account uses it, we send a link to choose a new password.
forgot-submit = Send the reset link
forgot-done = If an account uses that address, a link to reset the password is on its way. It works for { $minutes } minutes.
reset-title = Choose a new password
reset-submit = Save the new password
reset-done-title = Your password has been changed
reset-done-body = All your devices have been signed out. Sign in with your new password.
account-title = My account
account-details-title = Your details
account-role = Role
account-email-confirmed = Confirmed
account-password-title = Change your password
account-password-submit = Change password
account-password-done = Your password has been changed. Your other devices have been signed out.
account-email-title = Change your email address
account-email-intro = We send a confirmation link to the new address. Your current address stays in use until you open it.
account-email-submit = Send confirmation link
account-email-done = Open the link we sent to the new address to finish the change.
account-email-confirm-title = Confirm your new email address
account-email-confirm-submit = Use this email address
account-email-confirm-done = Your email address has been changed.
account-sessions-title = Devices
account-sessions-body = You are signed in on { $count ->
    [one] one device
   *[other] { $count } devices
}, including this one.
account-sign-out-others = Sign out all other devices
account-sign-out-others-done = { $count ->
    [0] No other device was signed in.
    [one] One other device has been signed out.
   *[other] { $count } other devices have been signed out.
}
sign-in-external-title = Other ways to sign in
sign-in-external-intro = Use an account you already have. The first time, you choose the name shown here and the email address we use; nothing else of that account is kept.
sign-in-with = Sign in with { $provider }
external-finish-title = Finish creating your account
external-finish-intro = { $provider } confirmed who you are. Choose how you appear on Yoriai and where we write to you.
external-finish-name-hint = Shown next to what you write and support. It need not be your real name.
external-finish-email-vouched = { $provider } confirmed this address: keep it and your account is ready at once. Another address needs confirming by email first.
external-finish-email-confirm = We send a confirmation link to this address before the account can be used.
external-finish-submit = Create my account
account-external-title = Sign-in with other accounts
account-external-intro = Link an account you already have to sign in with it. Linking never shares what you do here with that service.
account-external-linked-on = linked on { $date }
account-external-link = Link { $provider }
account-external-unlink = Unlink { $provider }
account-external-only-way = This is your only way to sign in. Set a password to be able to unlink it.
account-no-password = You sign in with an external account and have no password here. Set one to also sign in with your email address, or to change that address.
account-set-password = Set a password
notice-external-linked = The external account is linked. You can now sign in with it.
notice-external-unlinked = The external account is unlinked.
two-factor-title = Two-step sign-in
two-factor-intro = After your password (or external account), Yoriai also asks for a code from an authenticator app on your phone. Someone who learns your password still cannot sign in.
two-factor-account-intro = Off. Turn it on to protect your account with a code from your phone.
two-factor-manage = Two-step sign-in settings
two-factor-on = Two-step sign-in is on.
two-factor-missing = Your staff role needs two-step sign-in: until you sign in with it, you can only act as a resident.
two-factor-set-up-link = Set up two-step sign-in
two-factor-required-intro = Staff accounts must use two-step sign-in. Set it up now to use the staff console.
two-factor-start-submit = Set up two-step sign-in
two-factor-set-up-title = Set up your authenticator app
two-factor-step-app = Install an authenticator app on your phone (for example Google Authenticator, Microsoft Authenticator or a password manager).
two-factor-step-key = Add an account in the app with this key (or open the link on your phone):
two-factor-open-app = Open in the authenticator app
two-factor-step-code = Type the 6-digit code the app shows.
two-factor-code = Code
two-factor-code-hint = The 6-digit code from your authenticator app, or one of your recovery codes.
two-factor-confirm-submit = Turn on two-step sign-in
two-factor-codes-left = { $count ->
    [0] You have no recovery codes left: make new ones below.
    [one] You have one recovery code left.
   *[other] You have { $count } recovery codes left.
}
two-factor-codes-title = Your recovery codes
two-factor-codes-intro = Each works once, instead of a code from the app, if you lose your phone. Print them or keep them somewhere safe: they are shown only now.
two-factor-renew-title = New recovery codes
two-factor-renew-submit = Make new recovery codes
two-factor-off-title = Turn off two-step sign-in
two-factor-off-submit = Turn off
two-factor-sign-in-title = Enter your code
two-factor-sign-in-intro = Open your authenticator app and type the 6-digit code it shows for Yoriai. Lost your phone? Use a recovery code.
two-factor-start-again = Start again
notice-two-factor-on = Two-step sign-in is on.
notice-two-factor-off = Two-step sign-in is off.
notice-recovery-codes-renewed = Your new recovery codes are below; the old ones no longer work.

# The account's security log
account-security-title = Security activity
account-security-intro = Wrong two-step codes entered for your account. If you did not type them, someone knows your password.
account-security-change-password = Change your password
security-event-second-step-failed = A wrong two-step code was entered.
security-event-second-step-locked = Two-step sign-in was locked for an hour after repeated wrong codes, and you were emailed.
