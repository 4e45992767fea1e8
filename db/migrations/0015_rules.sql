-- Alert rules (预警规则): each version of the traffic-light thresholds and escalation months an administrator
-- set, who set it, when, why, and from which month of which plan year it applies (targets/rules.py). Rows are
-- never updated or deleted: the table is the history. Version numbers are MAX+1 inside the writing transaction.

CREATE TABLE alert_rules (
    version INTEGER PRIMARY KEY,
    from_year INTEGER NOT NULL,
    from_month INTEGER NOT NULL,
    amber_points DOUBLE NOT NULL,
    red_points DOUBLE NOT NULL,
    ahead_points DOUBLE NOT NULL,
    suggest_after INTEGER NOT NULL,
    list_after INTEGER NOT NULL,
    reason VARCHAR NOT NULL,
    set_by VARCHAR NOT NULL,
    set_at TIMESTAMP NOT NULL
);
