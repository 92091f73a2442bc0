## Participatory budgets: public pages

budgets-title = Participatory budgets
budgets-none = No budgets in this process yet.
budget-total = Budget: { $amount }
budget-project-count = { $count ->
    [one] 1 project
   *[other] { $count } projects
}
budget-see-results = See the results
budget-manage = Manage this budget
budget-verified-only = For verified residents
budget-state-preparing = In preparation
budget-state-informing = Projects published
budget-state-voting = Voting open
budget-state-closed = Voting closed
budget-state-published = Results published
budget-state-preparing-explain = This budget is being prepared; only staff can see it.
budget-state-informing-explain = Read the projects now: voting opens soon.
budget-state-voting-explain = Voting is open.
budget-state-closed-explain = Voting has closed. The results will be published soon.
budget-state-published-explain = Voting has closed and the results are published.
budget-how-title = How to vote
budget-rule-knapsack = Choose the projects you want funded, as long as their total cost fits in { $amount }.
budget-rule-min-share = Choose the projects you want funded: their total cost must fit in { $amount } and use at least { $percent }% of it.
budget-rule-approval = Choose every project you support.
budget-rule-approval-max = Choose up to { $max } projects you support, whatever they cost.
budget-rule-approval-min = Choose at least { $min } projects you support, whatever they cost.
budget-rule-approval-min-max = Choose between { $min } and { $max } projects you support, whatever they cost.
budget-rule-cumulative = You have { $points } points. Give them to the projects you support: more points to what matters most to you.
budget-how-counted = How the votes are counted: { $rule }
budget-tally-greedy-votes = Most votes first
budget-tally-equal-shares = Method of Equal Shares
budget-tally-greedy-votes-explain = Projects are funded in order of their votes, the most voted first. When a project no longer fits in what is left of the budget, it is skipped and the next one is tried. This is how most cities count.
budget-tally-equal-shares-explain = The budget is divided equally among everyone who voted. A project is funded when its supporters can pay for it together from their shares; each time, the project that costs its supporters the least per vote is funded first. Every group of residents gets a fair share, so projects supported by a smaller neighbourhood or group can be funded too. The money left at the end raises everyone's share step by step (one unit at a time) while the result still fits the budget, and what then remains goes to the most voted projects that still fit. This is the method that reproduces the official result of Wieliczka (Poland) in 2023.
budget-tally-ties = Ties: when two projects are equal, the one with the smaller project number, read as text (so 10 comes before 2), goes first. This is Pabulib's rule, so anyone can recount the published file and get the same result.
budget-headings = Districts
budget-projects-in = Projects: { $heading }
budget-no-projects = No projects yet.
budget-unfeasible-title = Projects not on the ballot ({ $count }), with the reasons
budget-imported-from = Imported from: { $source }
budget-imported-tag = Imported
budget-imported-note = This budget was imported from another city's or year's file to compare counting methods. Its ballots are not votes in this city and are not counted in its participation figures.

## The ballot

ballot-title = Your ballot
ballot-sign-in = Sign in to vote
ballot-empty = Your ballot is empty. Add projects from the list below.
ballot-projects = { $count ->
    [one] 1 project chosen
   *[other] { $count } projects chosen
}
ballot-projects-of = { $count } of at most { $max } projects chosen
ballot-points-of = { $used } of { $max } points given, { $left } left
ballot-money-of = { $used } of { $amount } used, { $left } left
ballot-meter-label = Budget used by your ballot
ballot-points = { $points } points
ballot-points-label = Points
ballot-give-points = Give points
ballot-add = Add to my ballot
ballot-remove = Remove
ballot-in = In your ballot
ballot-in-with-points = In your ballot: { $points } points
ballot-does-not-fit = This does not fit in what is left of your ballot.
ballot-in-other-heading = Your ballot is in another district: { $heading }. A ballot holds projects of one district; remove them there to vote here.
ballot-go-there = Go to your ballot
ballot-confirm = Confirm my vote
ballot-confirm-explain = Only confirmed ballots are counted. You can still change your vote until voting closes.
ballot-confirmed = Your vote is confirmed and will be counted.
ballot-receipt-intro = Your receipt code (shown only now: write it down or take a screenshot):
ballot-receipt-keep = With this code you can check on the results page that your ballot was counted. Nobody else can link the code to you, and we do not keep it.
ballot-is-confirmed = Confirmed: your ballot will be counted.
ballot-change-explain = Changing your vote cancels the confirmation and its receipt code. Confirm again when you are done, or your ballot will not be counted.
ballot-change = Change my vote
ballot-see = See your ballot

## A project

project-pending = Under review
project-funded = Funded
project-not-funded = Not funded
project-feasibility = Technical review
project-feasibility-pending = Under review
project-feasibility-feasible = Feasible
project-feasibility-unfeasible = Not feasible
project-from-proposal = This project comes from the proposal:
project-external-id = Project number in the file: { $id }
project-result = Result
project-votes = { $count ->
    [one] 1 vote
   *[other] { $count } votes
}
project-manage = Manage this project

## Results

tally-title = Results: { $budget }
tally-preview = These results are not published yet: only staff can see them.
tally-intro = { $count ->
    [one] 1 ballot was counted
   *[other] { $count } ballots were counted
} with the rule “{ $rule }”.
tally-projects = Projects
tally-ballots = { $count ->
    [one] 1 ballot
   *[other] { $count } ballots
}
tally-turnout = turnout { $percent }% of registered residents
tally-funded-summary = { $count ->
    [one] 1 project is funded
   *[other] { $count } projects are funded
}, for { $funded } of { $amount }.
tally-line-title = Funded projects against the budget: { $heading }
tally-line-desc = The funded projects use { $funded } of { $amount } ({ $percent }%).
tally-line-caption = The budget line: each block is a funded project, in the order it was funded; the rest of the bar is the money left.
tally-votes-title = Votes per project: { $heading }
tally-votes-desc = Votes for each project, most voted first. Funded projects are highlighted.
tally-votes-caption = Votes per project; funded projects are highlighted. The same figures are in the table below.
tally-table-caption = All projects of { $heading }, by votes
tally-col-rank = Rank
tally-col-project = Project
tally-col-votes = Votes
tally-col-cost = Cost
tally-funded-order = Funded ({ $order })
tally-not-funded = Not funded
tally-download-pb = Ballots and projects as a Pabulib file: { $heading }
tally-downloads = Open data
tally-download-projects-csv = Projects with votes and results (CSV)
tally-download-ballots-csv = Anonymous ballots (CSV)
tally-downloads-hint = Ballots are listed by their public voter id only. The Pabulib file can be recounted with any Pabulib tool (for example pabutools) and gives the same result.
tally-staff-title = Before publishing
tally-staff-intro = Check the results. You can recompute them with the other counting method to compare; the method used when you publish is the one shown to residents.
tally-recompute-with = Recompute with “{ $rule }”
tally-publish = Publish the results

## Receipts

receipt-title = Was my ballot counted?
receipt-intro = Enter the receipt code you got when you confirmed your vote.
receipt-field = Receipt code
receipt-field-hint = For example 7K3M-Q9XD-2FHN-W8RT-5BCA. Dashes and capitals do not matter.
receipt-check = Check
receipt-found = Yes: your ballot is counted.
receipt-voter-id = It is listed in the published ballots as voter { $id } ({ $heading }), with these projects:

## Staff console

budget-new = New budget
budget-create = Create the budget
budget-import = Import a Pabulib file
budget-import-intro = Create a closed budget from a Pabulib (.pb) file of another city or year, with its projects and anonymous ballots, to compare counting methods or to try the platform. Approval, choose-1 and cumulative ballots can be imported.
budget-import-file = Pabulib file (.pb)
budget-import-file-hint = Amounts must be whole numbers. Nothing is saved if the file has a problem.
budget-import-submit = Import
budget-field-title-ja = Title (Japanese)
budget-field-title-en = Title (English)
budget-field-description-ja = Description (Japanese)
budget-field-description-en = Description (English)
budget-field-amount = Amount
budget-field-amount-hint = The whole budget, in whole units (e.g. 30,000,000). You can split it into districts afterwards.
budget-field-currency = Currency
budget-field-currency-hint = Three-letter code, e.g. JPY.
budget-field-ballot-rule = How residents vote
budget-field-ballot-rule-hint = Choosing projects within the budget is the most common.
budget-ballot-knapsack = Choose projects within the budget
budget-ballot-approval = Choose a number of projects
budget-ballot-min-share = Choose projects within the budget, using at least a share of it
budget-ballot-cumulative = Share points among projects
budget-field-min-projects = Fewest projects
budget-field-max-projects = Most projects
budget-field-approval-only = Only for “Choose a number of projects”. Leave empty for no limit.
budget-field-min-share = Share of the budget to use (%)
budget-field-min-share-hint = Only for “using at least a share”: e.g. 50.
budget-field-points = Points per resident
budget-field-points-hint = Only for “Share points among projects”: e.g. 10.
budget-field-tally-rule = How votes are counted
budget-field-tally-rule-hint = “Most votes first” is what most cities do. The Method of Equal Shares gives every group of residents a fair share of the budget.
budget-field-verification = Only verified residents may vote
budget-field-verification-hint = In a district's budget, only verified residents of that district.
budget-settings = Settings
budget-settings-locked = Voting has opened: the voting and counting settings can no longer change. Titles and descriptions can.
budget-lifecycle = Next step
budget-state-preparing-staff = Only staff see this budget. Add districts and projects, and have the projects reviewed.
budget-state-informing-staff = Residents can read the projects. Projects and settings can still change.
budget-state-voting-staff = Residents are voting. Projects and settings are locked.
budget-state-closed-staff = Voting is closed and the results are computed. Check them, then publish.
budget-state-published-staff = The results are published.
budget-step-informing = Publish the projects
budget-step-informing-explain = Residents will see the budget and its projects; voting stays closed.
budget-step-voting = Open voting
budget-step-voting-explain = Only feasible projects are on the ballot. Projects and settings are locked from now on.
budget-step-closed = Close voting and count
budget-step-closed-explain = Unconfirmed ballots are dropped, confirmed ballots are separated from their accounts for good, and the results are computed. This cannot be undone.
budget-step-published = Publish the results
budget-step-published-explain = Everyone will see the results and can download the anonymous ballots.
budget-pending-warning = { $count ->
    [one] 1 project is still under review and will not be on the ballot.
   *[other] { $count } projects are still under review and will not be on the ballot.
}
budget-headings-intro = A budget can be split into districts, each with its own amount. A resident votes in one district. The first district you add replaces the city-wide heading while it has no projects, so the amounts add up to the budget.
budget-heading-edit = Edit
budget-heading-delete = Delete this district
budget-heading-add = Add a district
budget-heading-name-ja = Name (Japanese)
budget-heading-name-en = Name (English)
budget-heading-district = District
budget-heading-district-hint = With verification switched on, only verified residents of this district can vote here.
budget-heading-amount = Amount
budget-projects = Projects
budget-project-add = Add a project
budget-promote = Make a project from a proposal
budget-promote-intro = The project takes the proposal's title, text, category and place; the proposal page links to it.
budget-promote-none = No published proposals to choose from.
budget-promote-choose = Choose a proposal
budget-promote-proposal = Proposal
budget-promote-cost-hint = Leave empty to use the cost estimate of the proposal's official answer.
budget-promote-submit = Make a project
budget-delete = Delete this budget
budget-delete-explain = The budget, its districts and projects are deleted. Only possible before voting opens (or for imported budgets).
budget-delete-confirm = Delete for good
project-edit = Edit the project
project-field-heading = District
project-field-title = Title
project-field-description = Description
project-field-cost = Cost
project-field-cost-hint = In whole units, e.g. 1,500,000.
project-valuation = Technical review
project-valuation-intro = Mark the project feasible (it goes on the ballot) or not feasible (with a reason residents will read). You can correct the cost.
project-valuation-reason = Reason (published)
project-valuation-reason-hint = Required when the project is not feasible.
project-valuation-cost = Corrected cost
project-valuation-cost-hint = Leave empty to keep the current cost.
project-valuation-save = Save the review
project-delete = Delete this project
project-delete-confirm = Delete for good

## Notices

notice-ballot-confirmed = Your vote is confirmed.
notice-ballot-reopened = Your vote is open for changes. Confirm it again when you are done.
notice-budget-created = The budget is created.
notice-budget-saved = The budget is saved.
notice-budget-deleted = The budget is deleted.
notice-budget-informing = The projects are published.
notice-budget-voting = Voting is open.
notice-budget-closed = Voting is closed and the results are computed.
notice-budget-published = The results are published.
notice-budget-imported = The file is imported and its results computed.
notice-results-recomputed = The results are recomputed.
notice-heading-saved = The district is saved.
notice-heading-deleted = The district is deleted.
notice-project-saved = The project is saved.
notice-project-deleted = The project is deleted.
notice-proposal-promoted = The project is created from the proposal.
notice-project-valuated = The review is saved.

## Problems in Pabulib files (import)

pb-problem-at-line = Line { $line }: { $problem }
pb-problem-more = …and { $count } more problems.
pb-problem-invalid-utf8 = The file is not UTF-8 text.
pb-problem-unterminated-quote = A quoted value is not closed.
pb-problem-row-outside-section = A row comes before any META, PROJECTS or VOTES section.
pb-problem-missing-section = A section (META, PROJECTS or VOTES) is missing.
pb-problem-duplicate-section = A section appears twice.
pb-problem-section-order = The sections are not in the order META, PROJECTS, VOTES.
pb-problem-missing-column = A required column is missing.
pb-problem-duplicate-column = A column name appears twice.
pb-problem-row-length = The row has more or fewer values than its header.
pb-problem-missing-meta = The META section has no budget.
pb-problem-duplicate-meta-key = A META key appears twice.
pb-problem-bad-number = A number is not valid.
pb-problem-unknown-vote-type = The vote type is unknown.
pb-problem-negative-or-zero-budget = The budget must be more than zero.
pb-problem-bad-project-id = A project id is empty or contains a comma.
pb-problem-duplicate-project-id = Two projects share the same id.
pb-problem-negative-or-zero-cost = A project's cost must be more than zero.
pb-problem-empty-voter-id = A voter id is empty.
pb-problem-duplicate-voter-id = Two voters share the same id.
pb-problem-unknown-project-in-vote = A vote names a project that is not in the PROJECTS section.
pb-problem-duplicate-project-in-vote = A vote names the same project twice.
pb-problem-points-length-mismatch = A vote has a different number of points than projects.
pb-problem-negative-points = A vote gives negative points.
pb-problem-empty-ballot = A vote is empty.
pb-problem-count-mismatch = The number of projects or votes does not match the META section.
pb-problem-limit-violation = A vote breaks a limit stated in the META section.
pb-problem-votes-column-mismatch = A project's vote count does not match the votes.
pb-problem-too-many-problems = There are more problems than can be listed.
pb-problem-unsupported-vote-type = Ordinal and scoring ballots cannot be imported (approval, choose-1 and cumulative can).
pb-problem-fractional-amount = The budget and costs must be whole amounts for import.
pb-problem-fractional-points = Points must be whole numbers for import.

proposal-became-project = This proposal became a budget project
