-- One person, one place at a time: a person (person_hash) has at most one active referral, i.e. one still
-- REQUESTED, HELD or WAITLISTED whose cancellation was not asked for. The index is the rule itself, so two patrols
-- meeting the same person at the same moment cannot both be accepted: the second insert waits for the first and
-- then inserts nothing (ON CONFLICT DO NOTHING), and the service answers 409 naming the active referral.
-- The status list must stay that of ReferralRepository.ACTIVE.

-- Referrals made before the rule may already hold one person twice. All of them go on; all but one (a held one
-- first, else the oldest) give up their link to the person, which only ever served to recognise them again.
UPDATE referral r SET person_hash = NULL
WHERE r.person_hash IS NOT NULL
  AND r.status IN ('REQUESTED', 'HELD', 'WAITLISTED')
  AND r.cancel_requested_at IS NULL
  AND r.id <> (SELECT k.id FROM referral k
               WHERE k.person_hash = r.person_hash
                 AND k.status IN ('REQUESTED', 'HELD', 'WAITLISTED')
                 AND k.cancel_requested_at IS NULL
               ORDER BY k.status = 'HELD' DESC, k.requested_at, k.id
               LIMIT 1);

CREATE UNIQUE INDEX IF NOT EXISTS referral_one_active_per_person ON referral (person_hash)
    WHERE status IN ('REQUESTED', 'HELD', 'WAITLISTED') AND cancel_requested_at IS NULL;
