-- Strategy asks (acknowledge a priority or announcement) and training get email topics of their
-- own, so a person can turn their emails off without losing feedback or case emails.
alter table notification_email_preferences drop constraint notification_email_preferences_topic_check;
alter table notification_email_preferences add constraint notification_email_preferences_topic_check
  check (topic in ('cases', 'kudos', 'praise', 'feedback', 'strategy', 'training'));
