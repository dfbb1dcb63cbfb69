-- The account's authentication trail: failed passwords are folded into one row per account
-- per minute that carries a count (lib/security-events recordFailedSignIn), so guessing
-- cannot grow account_security_events faster than one row a minute per account.
--
-- The table stays append-only for everything else: the runtime role may update only the
-- `details` column, and the trigger below lets that update through only on a
-- 'sign_in_failed' row, only to raise its count (and its last-attempt time), leaving every
-- other detail as it was. (The runtime role can set no other column, so `UPDATE OF details`
-- covers each of its updates; an operator's maintenance of other columns is not refused.)
GRANT UPDATE (details) ON account_security_events TO app_user;

CREATE FUNCTION account_security_events_count_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.kind <> 'sign_in_failed'
     OR (NEW.details - 'count' - 'last_at') IS DISTINCT FROM (OLD.details - 'count' - 'last_at')
     OR jsonb_typeof(NEW.details -> 'count') IS DISTINCT FROM 'number'
     OR (NEW.details ->> 'count')::numeric <= COALESCE((OLD.details ->> 'count')::numeric, 1)
  THEN
    RAISE EXCEPTION 'account_security_events: only the count of a failed sign-in row may change'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER account_security_events_count_only
  BEFORE UPDATE OF details ON account_security_events
  FOR EACH ROW EXECUTE FUNCTION account_security_events_count_only();

-- Finding the open row of the current minute: the newest failed sign-in of the account.
CREATE INDEX account_security_events_user_kind_created_idx ON account_security_events (user_id, kind, created_at DESC);
