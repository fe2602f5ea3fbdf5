-- Full-text search in French and English, accent-insensitive: "hebergement" finds "Hébergement".
-- Extensions are created before migrations run (db/client.ts).
DO $$ BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'essaim_fr') THEN
		CREATE TEXT SEARCH CONFIGURATION essaim_fr (COPY = french);
		ALTER TEXT SEARCH CONFIGURATION essaim_fr ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'essaim_en') THEN
		CREATE TEXT SEARCH CONFIGURATION essaim_en (COPY = english);
		ALTER TEXT SEARCH CONFIGURATION essaim_en ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
	END IF;
END $$;
