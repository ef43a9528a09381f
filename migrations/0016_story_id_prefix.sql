-- `galley show 8djp` finds the story whose id starts so: on an index, not a scan of the log.
CREATE INDEX articles_id_prefix_idx ON articles (id text_pattern_ops);
