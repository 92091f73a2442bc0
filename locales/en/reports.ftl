## Street reports: public pages

nav-reports = Street reports
nav-inbox = Inbox
reports-title = Street reports
reports-intro = Report a problem in a street or public place — a pothole, a broken light, graffiti, rubbish, snow — and follow what the city does about it.
reports-list-title = Reports
reports-empty = No reports match.
report-new = Report a problem
filters-title = Filters
report-state-open = Open
report-state-acknowledged = Acknowledged
report-state-in-progress = In progress
report-state-action-scheduled = Action scheduled
report-state-fixed = Fixed
report-state-closed = Closed
report-state-duplicate = Duplicate
report-state-not-responsible = Not the city's responsibility
report-state-referred = Referred to another body
report-filter-state = State
report-filter-open = Open
report-filter-closed = Closed
report-filter-from = Reported from
report-filter-to = Reported until
report-filter-near = Near a place
report-filter-near-hint = To sort by distance, give a latitude and longitude (the map fills them in when you use it).
report-sort-newest = Newest first
report-sort-me-too = Most “me too”
report-sort-nearest = Nearest first
report-map-list-label = Map of the reports
report-map-hint = The map shows the same reports as the list.
report-map-pick-label = Map: click to place the pin where the problem is
report-map-point-label = Map of where the problem is
report-map-pin = The problem is here
report-map-placed = Pin placed at
report-locate-failed = Your location could not be found. Place the pin on the map or type the address.
report-distance-m = { $m } m away
report-distance-km = { $km } km away
report-me-too-count = { $count ->
    [one] 1 person says “me too”
   *[other] { $count } people say “me too”
}
report-feed-district = Atom feed of new reports in this district
report-feed = Atom feed of updates
report-feed-atom = Atom feed

## Making a report

report-step-1 = Step 1 of 2: what and where
report-step-2 = Step 2 of 2: the details
report-field-category = Category
report-where-legend = Where is the problem?
report-where-hint = Place a pin on the map, use your location, or describe the place in words. Any one of them is enough.
report-pin-center = Pin at the centre of the map
report-use-location = Use my location
report-field-address = Address, landmark or description of the place
report-field-address-hint = For example “in front of 1-2 Ōmachi” or “the footbridge near Tsuruga Castle, east side”.
report-field-district = Area
report-field-district-hint = If you did not place a pin, choosing the area helps send the report to the right department.
report-district-unknown = I don't know / not listed
report-coordinates = Coordinates (optional)
report-continue = Continue
report-place-needed = Give the place: a pin on the map, coordinates, or an address or description.
report-change-where = Change the category or the place
report-nearby-title = Is it one of these?
report-nearby-intro = These open reports of the same kind are near the place you chose. If one is your problem, say “me too” instead of making a new report: it tells the city more people are affected.
report-nearby-continue = If none of them is your problem, continue below.
report-field-title = Title
report-field-title-hint = A few words, e.g. “Deep pothole at the bus stop”.
report-field-description = What is the problem?
report-field-description-hint = What you saw, since when, anything that helps the city find and fix it (up to 4,000 characters).
report-field-show-name = Show my name with the report
report-field-show-name-hint = Off by default: the report is public, your name is not, unless you choose.
report-you-are = You report as { $name }. Your email is never shown.
report-contact-legend = How can we reach you?
report-contact-hint = Without an account we email you a link to send the report, and updates about it. Your contact details are never public.
report-field-name = Name
report-field-phone = Phone
report-photos-next = After sending, you can add up to 3 photos.
report-send = Send the report
answer-choose = Choose…
answer-yes = Yes
answer-no = No

## A report

report-by = Reported by { $name }
report-by-anonymous = Reported by a resident
report-department = Handled by: { $department }
report-address = Place: { $address }
report-duplicate-of = This problem is already reported here:
report-referred-to = Passed to: { $body }
report-unconfirmed = This report is not sent yet.
report-unconfirmed-body = Open the link we emailed you to send it. Until then only you (and city staff) can see it. You can add photos now.
report-photos = Photos
report-photo-file = Photo
report-photo-hint = JPEG, PNG, WebP or GIF, up to 10 MB, at most 3 photos. Location data in photos is removed.
report-photo-upload = Add the photo
report-me-too-title = Me too
report-me-too = Me too: this affects me
report-your-own = Your report
report-me-too-done = You said this affects you too.
report-me-too-sign-in = Sign in to say “me too”
report-follow = Follow this report
report-unfollow = Stop following
report-reopen-title = Not fixed after all?
report-reopen-intro = You can reopen your report until { $date }, saying what is still wrong.
report-reopen-comment = What is still wrong?
report-reopen = Reopen the report
report-timeline = What happened
report-timeline-created = Reported
report-timeline-confirmed = Sent by the reporter
report-timeline-state = { $from } → { $to }
report-timeline-update = Update from the city
report-timeline-note = Internal note
report-timeline-reopened = Reopened by the reporter
report-timeline-assigned = Assigned
report-timeline-moved = Moved to another department
report-timeline-merged = Marked as a duplicate
report-internal = staff only

## Staff

report-staff-title = For staff
report-source = Received through: { $source }
report-change-state = Change the state
report-new-state = New state
report-template = Response template
report-template-hint = With no text of your own, the template's text is published.
report-template-none = No template
report-public-text = Public text (the reporter and followers are told)
report-public-text-hint = Optional when changing the state.
report-referred-field = Referred to
report-referred-field-hint = Only for “Referred to another body”: which body.
report-public-update = Publish an update
report-internal-note = Add an internal note
report-note-text = Note
report-note-hint = Only staff see it. It never appears on public pages, feeds, exports or Open311.
report-assign = Assign
report-assignee = Assigned to
report-assign-nobody = Nobody
report-move = Move to another department
report-department-field = Department
report-merge = Merge as a duplicate
report-merge-into = Number of the report it duplicates
report-merge-hint = This report closes as a duplicate and its followers follow the other one.
report-contact = Reporter's contact details
report-contact-explain = Looking at them is logged with the reason you give.
report-contact-reason = Why do you need them?
report-contact-show = Show the contact details
report-contact-logged = This look is recorded in the action log with your reason.
report-contact-account = Account
report-templates-list = Response templates
report-back = Back to the report

## Inbox

inbox-title = Report inbox
inbox-states = Reports by state
inbox-tab-all-open = All open
inbox-tab-new = New, not yet acknowledged
inbox-my-departments = My departments
inbox-assigned-me = Assigned to me
inbox-unassigned = Unassigned
inbox-sort-oldest = Waiting longest
inbox-empty = Nothing here.
inbox-col-report = Report
inbox-col-waiting = Waiting
inbox-days = { $days } d
inbox-no-department = —

## Alerts

alerts-title = My report alerts
alerts-intro = Be told about new reports in a district or around a place, in the site and by email (as set in your notification settings). Each alert also has an Atom feed anyone can read.
alerts-none = You have no alerts yet.
alerts-around = Within { $m } m of { $lat }, { $lon }
alerts-delete = Delete
alerts-new = New alert
alerts-district = A district
alerts-no-district = —
alerts-or-point = Or around a place
alerts-radius = Distance
alerts-create = Create the alert

## Emailed links

report-confirm-title = Send your report
report-confirm-body = Press the button to send your report to the city.
report-confirm-button = Send my report
report-stop-title = Stop emails about this report
report-stop-body = Press the button and we will not email you about this report again.
report-stop-button = Stop the emails

## Staff settings

report-settings-title = Street report settings
report-settings-departments = Departments
report-settings-default = default
report-settings-members-count = { $count ->
    [one] 1 member
   *[other] { $count } members
}
report-settings-make-default = Default department
report-settings-make-default-hint = Receives every report that no route or category sends elsewhere.
report-settings-members = Members
report-settings-remove-member = Remove
report-settings-member-email = Email of a staff account
report-settings-member-email-hint = The account must have the department staff (or administrator) role.
report-settings-add-member = Add the member
report-settings-new-department = New department
report-settings-create = Create
report-settings-categories = Categories
report-settings-disabled = disabled
report-settings-code = Code
report-settings-code-hint = Lower-case letters, digits, - and _ (used by Open311 as service_code / attribute code).
report-settings-group = Group
report-settings-keywords = Keywords
report-settings-category-department = Department
report-settings-default-dept = (the default department)
report-settings-enabled = Residents can choose it
report-settings-new-category = New category
report-settings-questions = Extra questions
report-settings-question-kind = Kind of answer
report-question-kind-text = Text
report-question-kind-number = Number
report-question-kind-yes-no = Yes or no
report-question-kind-list = A choice from a list
report-settings-question-label-ja = Question (Japanese)
report-settings-question-label-en = Question (English)
report-settings-question-options = Choices (lists only)
report-settings-question-options-hint = One per line: key|日本語|English, e.g. large|大きい|Large.
report-settings-question-required = An answer is required
report-settings-add-question = Add the question
report-settings-delete = Delete
report-settings-route-for = Route in a district
report-settings-route-department = Department in that district
report-settings-route-hint = Leave on the default to remove the district's route.
report-settings-routes = Routes
report-settings-routes-intro = A report goes to the department routed for its category in its district; otherwise to the category's department; otherwise to the default department.
report-settings-templates = Response templates
report-settings-new-template = New template
report-settings-template-title = Title (for staff)
report-settings-template-ja = Text (Japanese)
report-settings-template-en = Text (English)
report-settings-template-state = Goes with the state
report-template-any-state = Any state
report-settings-districts = Districts
report-settings-districts-intro = Import district boundaries as GeoJSON (a FeatureCollection of Polygons or MultiPolygons with name_ja, name_en and code properties). Districts with the same code are updated.
report-settings-districts-file = GeoJSON file
report-settings-districts-hint = Up to 20 MB. Nothing is changed if the file has a problem.
report-settings-districts-import = Import
report-settings-open311 = Open311 clients
report-settings-open311-intro = Other systems can read reports and submit new ones through the Open311 GeoReport v2 API at /open311/v2/. Submitting needs an API key per client application.
report-settings-key-once = The new API key (shown only now; give it to the client application):
report-settings-last-used = last used { $date }
report-settings-revoked = revoked
report-settings-revoke = Revoke
report-settings-client-name = Name of the client application
report-settings-client-create = Issue a key

## Notices and notifications

notice-report-created = Thank you: your report is sent. You can add photos below.
notice-report-check-email = Almost done: open the link we emailed you to send your report. You can add photos now.
notice-report-confirmed = Thank you: your report is sent to the city.
notice-updates-stopped = We will not email you about this report again.
notice-me-too = Thank you: you said this affects you too.
notice-report-reopened = The report is reopened.
notice-report-updated = The report is updated.
notice-note-added = The note is added.
notice-report-assigned = The assignment is saved.
notice-report-moved = The report is moved.
notice-report-merged = The report is merged.
notice-photo-added = The photo is added.
notice-alert-created = The alert is created.
notice-alert-deleted = The alert is deleted.
notice-key-created = The API key is issued.
notice-districts-imported = { $count ->
    [one] 1 district imported.
   *[other] { $count } districts imported.
}
notification-report-update = Update on the report “{ $title }”
notification-report-nearby = New report near you: “{ $title }”
email-why-notification-reporter = You receive this email because you made this report.
email-why-notification-alert = You receive this email because you have an alert for this area.
report-more-actions = Move, merge, contact details
