-- Which way an indicator's target points: 'higher' (a target to reach) or 'lower' (a ceiling not to
-- exceed, 控制在4.5%以内). Existing indicators are targets to reach.
ALTER TABLE indicators ADD COLUMN direction VARCHAR DEFAULT 'higher';
UPDATE indicators SET direction = 'higher' WHERE direction IS NULL;
