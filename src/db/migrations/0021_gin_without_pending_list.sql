-- The comment-themes GIN index takes each insert directly instead of through a pending list. With
-- the pending list (fastupdate, the default) an insert that finds the list full (4 MB) merges it
-- into the index itself: on PGlite, which has no autovacuum to do that in the background, the
-- response pipeline's insert of a few hundred analysed comments then took 2–4 s under steady
-- ingest, holding the one connection, so responses waited seconds to be acknowledged.
alter index response_text_themes_idx set (fastupdate = off);
-- What is already pending moves into the index now.
select gin_clean_pending_list('response_text_themes_idx'::regclass);
