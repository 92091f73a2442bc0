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
