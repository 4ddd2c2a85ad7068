"""The counted-visits view's SQL, shared by the migrations that (re)create it.

A migration that adds a column to surveys_visit runs CREATE again, so the view shows it too.
"""

CREATE = """
CREATE OR REPLACE VIEW surveys_counted_visit AS
SELECT * FROM surveys_visit
 WHERE review_state = ANY ((SELECT string_to_array(current_setting('mahalleh.counted_states'), ','))::text[]);
"""
DROP = "DROP VIEW IF EXISTS surveys_counted_visit;"
