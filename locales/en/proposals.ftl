processes-title = Participatory processes
processes-intro = Each process is a question the city puts to residents, in phases: proposing, supporting, answering.
processes-empty = There are no processes yet.
process-unpublished = Not published
process-current-phase = Current phase: { $phase }
process-no-active-phase = No active phase
process-proposal-count = { $count ->
    [one] One proposal
   *[other] { $count } proposals
}
process-scope = Scope: { $district }
process-phases = Phases
process-phase-current = Current
phase-from = from { $date }
phase-until = until { $date }
process-open-proposals = New proposals are welcome.
process-open-supports = You can support proposals.
process-open-comments = You can comment.
process-nothing-open = Nothing is open for participation right now.
process-supports-left = You have { $count ->
    [one] one support
   *[other] { $count } supports
} left in this process.
process-see-proposals = See the proposals
process-manage = Manage this process
proposals-title = Proposals
proposals-empty = No proposals match.
proposals-download = Download the proposals as open data:
proposal-new = New proposal
proposal-new-intro = Describe your idea. It is saved as a draft that only you can see until you publish it.
proposal-field-title = Title
proposal-field-title-hint = A short sentence that says what you propose.
proposal-field-body = Description
proposal-field-body-hint = Explain the idea and why it matters. Leave an empty line between paragraphs; start lines with "- " for a list. Web addresses become links.
proposal-field-category = Category
proposal-field-district = District
proposal-field-address = Address or place
proposal-field-address-hint = Optional: a street address, a landmark, or "near …".
proposal-field-location = Location on the map (optional)
proposal-field-location-hint = Decimal degrees, for example latitude 37.4946 and longitude 139.9298.
proposal-field-latitude = Latitude
proposal-field-longitude = Longitude
proposal-save-draft = Save draft
proposal-save = Save changes
proposal-similar-title = Similar proposals
proposal-similar-hint = Perhaps your idea is already there: you can support it instead.
proposal-draft-notice = This is a draft. Only you can see it until you publish it.
proposal-edit = Edit the proposal
proposal-publish = Publish
proposal-back = Back to the proposal
proposal-by = by { $name }
proposal-address = Place: { $address }
proposal-coordinates = Location: { $lat }, { $lon }
proposal-supports = { $count ->
    [one] 1 support
   *[other] { $count } supports
}
proposal-supports-of = { $count } of { $goal } supports
proposal-supports-title = Supports
proposal-progress-label = Progress towards the goal
proposal-reached = Goal reached
proposal-support = Support this proposal
proposal-withdraw-support = Withdraw my support
proposal-you-support = You support this proposal
proposal-sign-in-to-support = Sign in to support this proposal
proposal-follow = Follow
proposal-unfollow = Stop following
proposal-followers = { $count ->
    [one] 1 follower
   *[other] { $count } followers
}
proposal-withdraw = Withdraw this proposal
proposal-withdraw-explain = A withdrawn proposal stays readable, but can no longer be supported. This cannot be undone.
proposal-withdraw-confirm = Withdraw it
proposal-state-withdrawn = Withdrawn
proposal-hidden-badge = Hidden by moderation
proposal-your-drafts = Your drafts
proposal-comments-count = { $count ->
    [one] 1 comment
   *[other] { $count } comments
}
proposal-answer-title = The city's answer
proposal-answer-unpublished = Not yet published
proposal-answer-cost = Estimated cost: ¥{ $cost }
proposal-answer-form = Answer this proposal
proposal-answer-state = State
proposal-answer-text = Answer
proposal-answer-cost-field = Estimated cost (yen)
proposal-answer-cost-hint = Optional. Digits only, separators allowed.
proposal-answer-publish-now = Publish the answer now (otherwise it waits to be published in bulk)
proposal-answer-save = Save the answer
answer-state-evaluating = Under evaluation
answer-state-accepted = Accepted
answer-state-rejected = Rejected
answer-state-custom = Answered
proposal-images-title = Pictures
proposal-image-file = Picture
proposal-image-hint = JPEG, PNG, WebP or GIF, up to 10 MB. Location data in photos is removed.
proposal-image-alt = Describe the picture (for people who cannot see it)
proposal-image-upload = Upload
proposal-image-remove = Remove
filters-label = Filter the proposals
filter-sort = Order
sort-random = Random
sort-recent = Most recent
sort-supported = Most supported
sort-commented = Most commented
filter-state = State
filter-state-all = All published
filter-state-not-answered = Not answered yet
filter-category = Category
filter-district = District
filter-any = Any
filter-none = None
filter-mine = Only mine
filter-supported = Only those I support
filter-apply = Apply
comment-stance = Your position
stance-in-favour = In favour
stance-against = Against
stance-neutral = Neutral
comment-body = Comment
comment-submit = Post comment
comment-sign-in = Sign in to comment
comment-reply = Reply
comment-reply-submit = Post reply
comment-edit = Edit or delete
comment-save = Save
comment-delete = Delete this comment
comment-edited = edited
comment-was-deleted = This comment was deleted.
comment-was-hidden = This comment was hidden by the moderators.
comment-deleted-participant = Deleted participant
comment-vote-up = Agree ({ $count })
comment-vote-down = Disagree ({ $count })
report-proposal = Report this proposal
report-comment = Report
report-reason = Reason
report-reason-spam = Spam or advertising
report-reason-offensive = Offensive or hateful
report-reason-personal = Reveals personal information
report-reason-other = Something else
report-details = Details (optional)
report-submit = Send report
notifications-title = Notifications
notifications-empty = You have no notifications.
notifications-unread = Unread:
notifications-mark-read = Mark all as read
notifications-email-title = Emails
notifications-email-legend = Email me about my notifications
notifications-email-immediate = At once
notifications-email-daily = Once a day, in a summary
notifications-email-none = Never (only on this site)
notifications-email-save = Save
notification-proposal-answered = The proposal "{ $title }" has been answered.
notification-new-comment = New comment on "{ $title }".
notification-comment-reply = Someone replied to your comment on "{ $title }".
notification-content-hidden = Moderators hid something you wrote on "{ $title }".
notice-draft-saved = Your draft is saved. Check it, add pictures if you like, then publish.
notice-proposal-saved = Your changes are saved.
notice-published = Your proposal is published.
notice-withdrawn = The proposal is withdrawn.
notice-supported = Thank you: you support this proposal.
notice-support-withdrawn = Your support is withdrawn.
notice-following = You follow this proposal: you will be notified of news.
notice-not-following = You no longer follow this proposal.
notice-commented = Your comment is posted.
notice-comment-saved = Your comment is saved.
notice-comment-deleted = The comment is deleted.
notice-voted = Your vote is recorded.
notice-reported = Thank you: the moderators will look at your report.
notice-answered = The answer is saved.
notice-image-added = The picture is added.
notice-image-removed = The picture is removed.
notice-notifications-read = All notifications are marked as read.
notice-settings-saved = Your settings are saved.
notice-content-hidden = The item is hidden.
notice-content-restored = The item is restored.
notice-user-blocked = The account is blocked and its content hidden.
notice-process-saved = The process is saved.
notice-phase-saved = The phase is saved.
notice-phase-deleted = The phase is deleted.
notice-phase-switched = The active phase is set.
notice-category-added = The category is added.
notice-process-role-granted = The role is given.
notice-process-role-revoked = The role is removed.
notice-category-deleted = The category is deleted.
notice-state-added = The answer state is added.
notice-answers-published = { $count ->
    [0] There were no answers waiting.
    [one] One answer is published and its followers notified.
   *[other] { $count } answers are published and their followers notified.
}
email-why-notification-author = You receive this email because you wrote this proposal or contribution.
email-why-notification-follower = You receive this email because you follow this proposal.
email-why-notification-replied-to = You receive this email because someone replied to your comment.
email-why-notification-digest = You receive this email because you asked for a daily summary of your notifications.
email-notification-settings = To change what we send you: { $link }
email-notification-open = Read more: { $link }
email-digest-subject = Your daily summary: { $count ->
    [one] one update
   *[other] { $count } updates
}
email-digest-intro = Here is what happened on the proposals you follow.
