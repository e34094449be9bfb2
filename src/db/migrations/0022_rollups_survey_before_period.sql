-- The rollups' key puts the survey before the period. Dashboards ask for one kind of survey (NPS,
-- CSAT, CES) over a range of periods; with the period first, a range scan read every survey's
-- rows of each period and dropped the other kinds' (at 10M responses the team × month NPS view
-- read four index entries for each one it kept). With the survey first, each survey asked for is
-- one contiguous range in period, team order. Readers always name the surveys (tallies.ts).
alter table analytics_rollups drop constraint analytics_rollups_pkey;
alter table analytics_rollups add primary key (org_id, employee_id, grain, survey_id, period, team_id, channel);
