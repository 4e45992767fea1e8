"""The use cases: every thing the tracker does, called the same way by the pages and the command line.

Each use case authorises the acting account, runs one transaction, records it in the audit log and
bumps the data-version stamp, in one place. Modules by area of work:

access        who may act (the acting account, denials on record)
accounts      local accounts, sign-in with lockout
uploads       monthly figures: preview, commit, rollback
corrections   one figure corrected in place (the same checks as an upload)
figure_checks the checks every write of a figure passes
catalogue     the plan: reading, importing the official task table
region_targets  targets broken down by region
cycle         the monthly reporting cycle and the locks it sets
supervision   the supervision ledger (督办台账)
status        status views for pages, exports and the CLI
exports       press exports (the same bytes from the page and the CLI)
history       revisions, batches and the audit log, for reading
demo          the demo database
setup         creating or migrating a store; copying between stores
"""
