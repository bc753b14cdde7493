import { Kysely, Migration, sql } from 'kysely';

/** `es_append` as first written (2026-11-22): every append locks, reads and updates the stream row. */
const ES_APPEND_V1 = `function es_append(p_stream text, p_expected text, p_ids uuid[], p_types text[], p_data jsonb[], p_meta jsonb[])
        returns table (next_revision bigint, last_position bigint, duplicate boolean)
        language plpgsql as $fn$
        declare
          v_current bigint;
          v_count int := coalesce(array_length(p_ids, 1), 0);
          v_base bigint;
          v_dup record;
        begin
          if v_count = 0 or v_count > 65536 then
            raise exception 'an append takes 1 to 65536 events' using errcode = 'PPE02';
          end if;
          -- Positions come from transaction ids, which PostgreSQL hands out at a transaction's first
          -- write; row-locking the stream is one. Two appends to one stream could then take their ids
          -- in one order and the lock in the other, and revision 1 would sort before revision 0 in the
          -- global log. This lock writes nothing: the second writer waits here without an id.
          perform pg_advisory_xact_lock(hashtextextended(p_stream, 0));
          insert into es_streams (stream_id, revision) values (p_stream, -1) on conflict do nothing;
          select s.revision into v_current from es_streams s where s.stream_id = p_stream for update;

          select count(*) as n, bool_and(e.stream_id = p_stream) as same_stream, max(e.revision) as revision, max(e.position) as position
            into v_dup from es_events e where e.event_id = any (p_ids);
          if v_dup.n > 0 then
            if v_dup.n = v_count and v_dup.same_stream then
              return query select v_dup.revision, v_dup.position, true;
              return;
            end if;
            raise exception 'some of these event ids are already stored' using errcode = 'PPE02';
          end if;

          if not (p_expected = 'any'
              or (p_expected = 'no_stream' and v_current = -1)
              or (p_expected = 'stream_exists' and v_current >= 0)
              or (p_expected not in ('any', 'no_stream', 'stream_exists') and v_current = p_expected::bigint)) then
            raise exception 'wrong expected revision' using errcode = 'PPE01', detail = v_current::text;
          end if;

          v_base := pg_current_xact_id()::text::bigint * 65536;
          update es_streams set revision = v_current + v_count where stream_id = p_stream;
          insert into es_events (position, stream_id, revision, event_id, type, data, metadata)
            select v_base + i - 1, p_stream, v_current + i, p_ids[i], p_types[i], p_data[i], p_meta[i]
            from generate_subscripts(p_ids, 1) as i;
          return query select v_current + v_count, v_base + v_count - 1, false;
        end
        $fn$`;

/**
 * `es_append` with fast paths (2026-12-01), same contract. A new stream expected as `no_stream` is
 * one insert of its row; an existing stream with an exact expected revision is one conditional
 * update. Only when that does not match (a conflict, a replay, `any`, `stream_exists`) does it take
 * the original path, which tells a replay (same ids: the first result) from a conflict (PPE01 with
 * the actual revision). Ids already stored in another stream then fail on the unique `event_id`
 * (23505), which the adapter reports as an invalid append, as before. Three statements instead of
 * six on the common path: `npm run bench` measured appends at 8 writers before and after.
 */
const ES_APPEND_V2 = `function es_append(p_stream text, p_expected text, p_ids uuid[], p_types text[], p_data jsonb[], p_meta jsonb[])
        returns table (next_revision bigint, last_position bigint, duplicate boolean)
        language plpgsql as $fn$
        declare
          v_current bigint;
          v_count int := coalesce(array_length(p_ids, 1), 0);
          v_base bigint;
          v_dup record;
          v_done int := 0;
        begin
          if v_count = 0 or v_count > 65536 then
            raise exception 'an append takes 1 to 65536 events' using errcode = 'PPE02';
          end if;
          -- See ES_APPEND_V1: the transaction id must be taken after the stream's turn has come.
          perform pg_advisory_xact_lock(hashtextextended(p_stream, 0));

          if p_expected = 'no_stream' then
            insert into es_streams (stream_id, revision) values (p_stream, v_count - 1) on conflict do nothing;
            get diagnostics v_done = row_count;
            v_current := -1;
          elsif p_expected not in ('any', 'stream_exists') then
            update es_streams set revision = revision + v_count where stream_id = p_stream and revision = p_expected::bigint;
            get diagnostics v_done = row_count;
            v_current := p_expected::bigint;
          end if;

          if v_done = 0 then
            insert into es_streams (stream_id, revision) values (p_stream, -1) on conflict do nothing;
            select s.revision into v_current from es_streams s where s.stream_id = p_stream for update;
            select count(*) as n, bool_and(e.stream_id = p_stream) as same_stream, max(e.revision) as revision, max(e.position) as position
              into v_dup from es_events e where e.event_id = any (p_ids);
            if v_dup.n > 0 then
              if v_dup.n = v_count and v_dup.same_stream then
                return query select v_dup.revision, v_dup.position, true;
                return;
              end if;
              raise exception 'some of these event ids are already stored' using errcode = 'PPE02';
            end if;
            if not (p_expected = 'any'
                or (p_expected = 'no_stream' and v_current = -1)
                or (p_expected = 'stream_exists' and v_current >= 0)
                or (p_expected not in ('any', 'no_stream', 'stream_exists') and v_current = p_expected::bigint)) then
              raise exception 'wrong expected revision' using errcode = 'PPE01', detail = v_current::text;
            end if;
            update es_streams set revision = v_current + v_count where stream_id = p_stream;
          end if;

          v_base := pg_current_xact_id()::text::bigint * 65536;
          insert into es_events (position, stream_id, revision, event_id, type, data, metadata)
            select v_base + i - 1, p_stream, v_current + i, p_ids[i], p_types[i], p_data[i], p_meta[i]
            from generate_subscripts(p_ids, 1) as i;
          return query select v_current + v_count, v_base + v_count - 1, false;
        end
        $fn$`;

/**
 * `es_append_streams` (2026-12-02): several streams in one statement, all or none. Entry `i` names
 * `p_streams[i]`, expects `p_expected[i]` and writes the next `p_counts[i]` of the flat event
 * arrays; a count of 0 is a condition only. Every stream's lock (the one `es_append` takes) is taken
 * first, in one order (C collation) so that two of these never deadlock, and before anything is
 * written, for the transaction id reason of ES_APPEND_V1. Holding a condition's lock to the commit
 * is what stops a writer of that stream slipping in after the check: without it two decisions that
 * each read the other's stream could both pass (write skew). Positions are one block of the
 * transaction id, in entry order.
 */
const ES_APPEND_STREAMS = `function es_append_streams(p_streams text[], p_expected text[], p_counts int[], p_ids uuid[], p_types text[], p_data jsonb[], p_meta jsonb[])
        returns table (stream_id text, next_revision bigint, last_position bigint, duplicate boolean)
        language plpgsql as $fn$
        declare
          v_n int := coalesce(array_length(p_streams, 1), 0);
          v_total int := coalesce(array_length(p_ids, 1), 0);
          v_owner text[] := '{}';
          v_current bigint[] := '{}';
          v_stream text;
          v_rev bigint;
          v_base bigint;
          v_offset int := 0;
          v_stored int;
          v_last bigint;
          i int;
        begin
          if v_total = 0 or v_total > 65536 then
            raise exception 'an append takes 1 to 65536 events' using errcode = 'PPE02';
          end if;
          if (select count(distinct s) from unnest(p_streams) as s) <> v_n then
            raise exception 'a multi-stream append names each stream once' using errcode = 'PPE02';
          end if;
          for i in 1 .. v_n loop
            v_owner := v_owner || array_fill(p_streams[i], array[p_counts[i]]);
          end loop;
          if coalesce(array_length(v_owner, 1), 0) <> v_total then
            raise exception 'the counts do not add up to the events' using errcode = 'PPE02';
          end if;
          for v_stream in select s from unnest(p_streams) as s order by s collate "C" loop
            perform pg_advisory_xact_lock(hashtextextended(v_stream, 0));
          end loop;

          select count(*) into v_stored from es_events e where e.event_id = any (p_ids);
          if v_stored > 0 then
            if v_stored = v_total and (select count(*) from unnest(p_ids, v_owner) as x(id, owner)
                join es_events e on e.event_id = x.id and e.stream_id = x.owner) = v_total then
              select max(e.position) into v_last from es_events e where e.event_id = any (p_ids);
              return query
                select p.s,
                  coalesce((select max(e.revision) from es_events e where e.event_id = any (p_ids) and e.stream_id = p.s),
                           (select coalesce(max(st.revision), -1) from es_streams st where st.stream_id = p.s)),
                  coalesce((select max(e.position) from es_events e where e.event_id = any (p_ids) and e.stream_id = p.s), v_last),
                  true
                from unnest(p_streams) with ordinality as p(s, k) order by p.k;
              return;
            end if;
            raise exception 'some of these event ids are already stored' using errcode = 'PPE02';
          end if;

          for i in 1 .. v_n loop
            select coalesce(max(st.revision), -1) into v_rev from es_streams st where st.stream_id = p_streams[i];
            if not (p_expected[i] = 'any'
                or (p_expected[i] = 'no_stream' and v_rev = -1)
                or (p_expected[i] = 'stream_exists' and v_rev >= 0)
                or (p_expected[i] not in ('any', 'no_stream', 'stream_exists') and v_rev = p_expected[i]::bigint)) then
              raise exception 'wrong expected revision' using errcode = 'PPE01', detail = v_rev::text, hint = p_streams[i];
            end if;
            v_current := v_current || v_rev;
          end loop;

          v_base := pg_current_xact_id()::text::bigint * 65536;
          for i in 1 .. v_n loop
            if p_counts[i] > 0 then
              insert into es_streams as st (stream_id, revision) values (p_streams[i], v_current[i] + p_counts[i])
                on conflict on constraint es_streams_pkey do update set revision = excluded.revision;
              insert into es_events (position, stream_id, revision, event_id, type, data, metadata)
                select v_base + v_offset + j - 1, p_streams[i], v_current[i] + j, p_ids[v_offset + j], p_types[v_offset + j], p_data[v_offset + j], p_meta[v_offset + j]
                from generate_series(1, p_counts[i]) as j;
              v_offset := v_offset + p_counts[i];
            end if;
          end loop;
          return query
            select p.s, v_current[p.k] + p_counts[p.k],
              case when p_counts[p.k] > 0 then v_base + (select coalesce(sum(c), 0) from unnest(p_counts[1:p.k]) as c) - 1 else v_base + v_total - 1 end,
              false
            from unnest(p_streams) with ordinality as p(s, k) order by p.k;
        end
        $fn$`;

/**
 * The refusal every append function makes from 2026-12-03 (issue 16): an append must be the first
 * write of its transaction. Its positions come from the transaction id, which PostgreSQL hands out
 * at the first write; a transaction that wrote before (another append, any row) has its id already,
 * taken before this append's stream lock, so this append's events could sort before those of a
 * writer that held the lock first, and two appends of one transaction would share positions.
 */
const FIRST_WRITE_GUARD = `if pg_current_xact_id_if_assigned() is not null then
            raise exception 'an append must be the first write of its transaction: its positions come from the transaction id' using errcode = 'PPE04';
          end if;
          `;

/** `es_append` (fast paths of ES_APPEND_V2) with {@link FIRST_WRITE_GUARD}. */
const ES_APPEND_V3 = ES_APPEND_V2.replace('-- See ES_APPEND_V1: the transaction id', `${FIRST_WRITE_GUARD}-- See ES_APPEND_V1: the transaction id`);

/**
 * `es_append_streams` with {@link FIRST_WRITE_GUARD}, and linear in its entries: the first version
 * grew two arrays one element at a time and summed the counts again for each entry's result, so a
 * call with thousands of entries ran for seconds, holding back every reader's visibility horizon
 * meanwhile (seen on 2026-12-03 with a bench building a large log). Same contract.
 */
const ES_APPEND_STREAMS_V2 = ES_APPEND_STREAMS.replace('for v_stream in select s from unnest(p_streams)', `${FIRST_WRITE_GUARD}for v_stream in select s from unnest(p_streams)`)
  .replace(
    `for i in 1 .. v_n loop
            v_owner := v_owner || array_fill(p_streams[i], array[p_counts[i]]);
          end loop;`,
    `select coalesce(array_agg(u.s order by u.k, j), '{}') into v_owner
            from unnest(p_streams, p_counts) with ordinality as u(s, n, k), generate_series(1, u.n) as j;`,
  )
  .replace(
    `            v_current := v_current || v_rev;
          end loop;`,
    `          end loop;
          select array_agg(coalesce(st.revision, -1) order by p.k) into v_current
            from unnest(p_streams) with ordinality as p(s, k) left join es_streams st on st.stream_id = p.s;`,
  )
  .replace(
    `          return query
            select p.s, v_current[p.k] + p_counts[p.k],
              case when p_counts[p.k] > 0 then v_base + (select coalesce(sum(c), 0) from unnest(p_counts[1:p.k]) as c) - 1 else v_base + v_total - 1 end,
              false
            from unnest(p_streams) with ordinality as p(s, k) order by p.k;`,
    `          return query
            select q.s, v_current[q.k] + q.n,
              case when q.n > 0 then v_base + q.upto - 1 else v_base + v_total - 1 end,
              false
            from (select p.s, p.n, p.k, sum(p.n) over (order by p.k) as upto from unnest(p_streams, p_counts) with ordinality as p(s, n, k)) as q order by q.k;`,
  );

/**
 * `es_append_group` (2026-12-03, issue 16): group commit. Several independent appends ("calls",
 * each one `appendToStream` or `appendToStreams` of some caller) in one statement and one commit.
 * Call `c` has `p_calls[c]` entries (stream, expected revision, event count) laid out one after
 * another in `p_streams`, `p_expected`, `p_counts`, and its events next in the flat event arrays.
 * Every stream of every call is locked first, in one order (C collation, as `es_append_streams`),
 * before the transaction id is taken (see ES_APPEND_V1). Then each call, in order, is checked like
 * `es_append_streams` (replay, ids stored elsewhere, each entry's expected revision) and written
 * only if every check passed: a call that fails writes nothing and answers one row with its SQLSTATE
 * (`PPE01` with the stream and the actual revision, `PPE02` with the message) instead of raising,
 * so it fails alone and the others commit. No savepoints: checks come before writes within a call.
 * A later call sees the earlier calls' writes (two calls on one stream: the second conflicts unless
 * it expected the first). Positions are one block of the transaction id, in call order, so the
 * visibility rule and the per-stream order hold as for one append.
 */
const ES_APPEND_GROUP = `function es_append_group(p_calls int[], p_streams text[], p_expected text[], p_counts int[], p_ids uuid[], p_types text[], p_data jsonb[], p_meta jsonb[])
        returns table (call int, stream_id text, next_revision bigint, last_position bigint, duplicate boolean, error text, detail text)
        language plpgsql as $fn$
        declare
          v_calls int := coalesce(array_length(p_calls, 1), 0);
          v_entry int := 0;
          v_event int := 0;
          v_next int := 0;
          v_base bigint;
          v_stream text;
          v_n int;
          v_total int;
          v_stored int;
          v_rev bigint;
          v_cur bigint[];
          v_fail boolean;
          v_last bigint;
          v_off int;
          v_ids uuid[];
          v_owner text[];
          c int;
          k int;
        begin
          ${FIRST_WRITE_GUARD}if coalesce(array_length(p_ids, 1), 0) > 65536 then
            raise exception 'a group takes at most 65536 events' using errcode = 'PPE02';
          end if;
          for v_stream in select d.s from (select distinct s from unnest(p_streams) as s) as d order by d.s collate "C" loop
            perform pg_advisory_xact_lock(hashtextextended(v_stream, 0));
          end loop;
          for c in 1 .. v_calls loop
            v_n := p_calls[c];
            select count(*)::int, coalesce(array_agg(u.s order by u.k, j), '{}') into v_total, v_owner
              from unnest(p_streams[v_entry + 1 : v_entry + v_n], p_counts[v_entry + 1 : v_entry + v_n]) with ordinality as u(s, n, k), generate_series(1, u.n) as j;
            v_ids := p_ids[v_event + 1 : v_event + v_total];
            v_fail := false;
            select count(*) into v_stored from es_events e where e.event_id = any (v_ids);
            if v_stored > 0 then
              v_fail := true;
              if v_stored = v_total and (select count(*) from unnest(v_ids, v_owner) as x(id, owner)
                  join es_events e on e.event_id = x.id and e.stream_id = x.owner) = v_total then
                select max(e.position) into v_last from es_events e where e.event_id = any (v_ids);
                return query
                  select c, p.s,
                    coalesce((select max(e.revision) from es_events e where e.event_id = any (v_ids) and e.stream_id = p.s),
                             (select coalesce(max(st.revision), -1) from es_streams st where st.stream_id = p.s)),
                    coalesce((select max(e.position) from es_events e where e.event_id = any (v_ids) and e.stream_id = p.s), v_last),
                    true, null::text, null::text
                  from unnest(p_streams[v_entry + 1 : v_entry + v_n]) with ordinality as p(s, k) order by p.k;
              else
                return query select c, null::text, null::bigint, null::bigint, false, 'PPE02'::text, 'some of these event ids are already stored'::text;
              end if;
            end if;
            if not v_fail then
              v_cur := '{}';
              for k in 1 .. v_n loop
                select coalesce(max(st.revision), -1) into v_rev from es_streams st where st.stream_id = p_streams[v_entry + k];
                if not (p_expected[v_entry + k] = 'any'
                    or (p_expected[v_entry + k] = 'no_stream' and v_rev = -1)
                    or (p_expected[v_entry + k] = 'stream_exists' and v_rev >= 0)
                    or (p_expected[v_entry + k] not in ('any', 'no_stream', 'stream_exists') and v_rev = p_expected[v_entry + k]::bigint)) then
                  return query select c, p_streams[v_entry + k], null::bigint, null::bigint, false, 'PPE01'::text, v_rev::text;
                  v_fail := true;
                  exit;
                end if;
                v_cur := v_cur || v_rev;
              end loop;
            end if;
            if not v_fail then
              if v_base is null then
                v_base := pg_current_xact_id()::text::bigint * 65536;
              end if;
              v_off := 0;
              for k in 1 .. v_n loop
                if p_counts[v_entry + k] > 0 then
                  insert into es_streams as st (stream_id, revision) values (p_streams[v_entry + k], v_cur[k] + p_counts[v_entry + k])
                    on conflict on constraint es_streams_pkey do update set revision = excluded.revision;
                  insert into es_events (position, stream_id, revision, event_id, type, data, metadata)
                    select v_base + v_next + v_off + j - 1, p_streams[v_entry + k], v_cur[k] + j,
                      p_ids[v_event + v_off + j], p_types[v_event + v_off + j], p_data[v_event + v_off + j], p_meta[v_event + v_off + j]
                    from generate_series(1, p_counts[v_entry + k]) as j;
                  v_off := v_off + p_counts[v_entry + k];
                end if;
              end loop;
              return query
                select c, q.s, v_cur[q.k] + q.n,
                  case when q.n > 0 then v_base + v_next + q.upto - 1 else v_base + v_next + v_total - 1 end,
                  false, null::text, null::text
                from (select p.s, p.n, p.k, sum(p.n) over (order by p.k) as upto
                      from unnest(p_streams[v_entry + 1 : v_entry + v_n], p_counts[v_entry + 1 : v_entry + v_n]) with ordinality as p(s, n, k)) as q order by q.k;
              v_next := v_next + v_total;
            end if;
            v_entry := v_entry + v_n;
            v_event := v_event + v_total;
          end loop;
        end
        $fn$`;

/** `text` with its one occurrence of `from` replaced by `to`; throws when `from` is not there once, so a derived function text never silently equals its source. */
function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`migration text: expected exactly one occurrence of ${JSON.stringify(from.slice(0, 60))}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/**
 * The settings the append functions run with from 2026-12-08 (issue 16). `enable_seqscan = off`:
 * see {@link ES_APPEND_V4}. `plan_cache_mode = force_generic_plan`: a custom plan is made with the
 * call's arrays written into it, and a statement that then takes elements by subscript walks the
 * copied array for each, so a first call with 65,536 events ran for 15-20 s holding its stream locks
 * and every reader's visibility horizon (0.5 s with the generic plan, which reads the parameter);
 * the review of 2026-12-08 measured it. Every statement of these functions is an index lookup or a
 * write, which a generic plan does as well as a custom one.
 */
const PLAN_SETTINGS = 'set enable_seqscan = off set plan_cache_mode = force_generic_plan';

/**
 * `es_append_group` set-based (2026-12-08, issue 16): the same contract as {@link ES_APPEND_GROUP},
 * in a handful of statements a group instead of about seven a call. The bench measured the first
 * version at 127-178 µs of PostgreSQL CPU an append at 16 writers, most of it the per-call
 * statements; group commit gained little while each call still paid them.
 *
 * The set-based path applies when the calls cannot see one another's writes: no stream that some
 * entry writes to (count > 0) appears twice in the group (streams read only as conditions, such as
 * the partner of many AddCustomer commands, may), and none of the group's event ids is stored yet
 * (no replay, no id stored elsewhere). Then every stream's revision is read once, each entry is
 * checked in memory, every passing call's streams are written in one upsert and its events in one
 * insert, and each call is answered as before: positions one block of the transaction id in call
 * order, a failing call one PPE01 row with its first failing stream. Any other group takes the
 * first version's path, call by call, and so does a group in which one new event id comes twice
 * (call by call, the second is refused with PPE02 and the first commits).
 */
const ES_APPEND_GROUP_V2 = replaceOnce(
  replaceOnce(
    replaceOnce(ES_APPEND_GROUP, 'language plpgsql as $fn$', `language plpgsql ${PLAN_SETTINGS} as $fn$`),
  `          for c in 1 .. v_calls loop
            v_n := p_calls[c];`,
  `          if not exists (select 1 from unnest(p_streams, p_counts) as w(s, n) group by w.s having count(*) > 1 and bool_or(w.n > 0))
              -- Id by id, through the index whatever the statistics say: a session's plan of
              -- \`event_id = any (p_ids)\` or of a join, cached while the log was small, scanned the whole log.
              and not exists (select 1 from unnest(p_ids) as i(id), lateral (select 1 from es_events e where e.event_id = i.id limit 1) as stored)
              -- Two calls bringing one new id: call by call, the second is refused (PPE02) and the first commits.
              and not exists (select 1 from unnest(p_ids) as i(id) group by i.id having count(*) > 1) then
            -- For the tests, which show both paths are taken (client_min_messages = debug1).
            raise debug 'es_append_group: set-based';
            -- One index lookup a stream (a subquery a row), for the same reason.
            select array_agg(coalesce((select st.revision from es_streams st where st.stream_id = p.s), -1) order by p.k) into v_cur
              from unnest(p_streams) with ordinality as p(s, k);
            select coalesce(array_agg(u.c order by u.c, j), '{}') into v_call_of
              from unnest(p_calls) with ordinality as u(n, c), generate_series(1, u.n) as j;
            v_ok := array_fill(true, array[v_calls]);
            v_fail_stream := array_fill(null::text, array[v_calls]);
            v_fail_rev := array_fill(null::bigint, array[v_calls]);
            for k in 1 .. coalesce(array_length(p_streams, 1), 0) loop
              c := v_call_of[k];
              if v_ok[c] and not (p_expected[k] = 'any'
                  or (p_expected[k] = 'no_stream' and v_cur[k] = -1)
                  or (p_expected[k] = 'stream_exists' and v_cur[k] >= 0)
                  or (p_expected[k] not in ('any', 'no_stream', 'stream_exists') and v_cur[k] = p_expected[k]::bigint)) then
                v_ok[c] := false;
                v_fail_stream[c] := p_streams[k];
                v_fail_rev[c] := v_cur[k];
              end if;
            end loop;
            if true = any (v_ok) then
              v_base := pg_current_xact_id()::text::bigint * 65536;
              insert into es_streams as st (stream_id, revision)
                select p.s, v_cur[p.k] + p.n from unnest(p_streams, p_counts) with ordinality as p(s, n, k)
                where p.n > 0 and v_ok[v_call_of[p.k]]
                on conflict on constraint es_streams_pkey do update set revision = excluded.revision;
              insert into es_events (position, stream_id, revision, event_id, type, data, metadata)
                select v_base + row_number() over (order by x.i) - 1, x.s, v_cur[x.k] + x.j, p_ids[x.i], p_types[x.i], p_data[x.i], p_meta[x.i]
                from (select q.k, q.s, j, q.start + j as i
                      from (select p.k, p.s, p.n, sum(p.n) over (order by p.k) - p.n as start
                            from unnest(p_streams, p_counts) with ordinality as p(s, n, k)) as q,
                        generate_series(1, q.n) as j
                      where v_ok[v_call_of[q.k]]) as x;
            end if;
            return query
              select r.c, r.s, r.nr, r.lp, false, r.err, r.det from (
                select q.c, q.k, q.s, v_cur[q.k] + q.n as nr,
                  v_base + (case when q.n > 0 then q.upto else max(q.upto) over (partition by q.c) end) - 1 as lp,
                  null::text as err, null::text as det
                from (select v_call_of[p.k] as c, p.k, p.s, p.n, sum(p.n) over (order by p.k) as upto
                      from unnest(p_streams, p_counts) with ordinality as p(s, n, k) where v_ok[v_call_of[p.k]]) as q
                union all
                select f.c, 0::bigint, v_fail_stream[f.c], null::bigint, null::bigint, 'PPE01'::text, v_fail_rev[f.c]::text
                from generate_series(1, v_calls) as f(c) where not v_ok[f.c]
              ) as r order by r.c, r.k;
            return;
          end if;
          for c in 1 .. v_calls loop
            v_n := p_calls[c];`,
  ),
  `          c int;
          k int;`,
  `          c int;
          k int;
          v_call_of int[];
          v_ok boolean[];
          v_fail_stream text[];
          v_fail_rev bigint[];`,
);

/**
 * `es_append` and `es_append_streams` with {@link PLAN_SETTINGS} (2026-12-08, issue 16), as
 * `es_append_group` has. Why `enable_seqscan = off`: a function's statements are planned once per
 * pooled session and the plan kept, and a plan made while the log was small scans the table, and
 * kept scanning as the log grew. The bench showed it with auto_explain: `es_append_streams`'s check
 * of its ids (`event_id = any (p_ids)`) took 7 ms a call as a scan of a 30,000-event log, where the
 * index answers in microseconds. With scans off, every statement of these functions goes through
 * its index (all of them can), whatever the statistics said when it was planned.
 */
const ES_APPEND_V4 = replaceOnce(ES_APPEND_V3, 'language plpgsql as $fn$', `language plpgsql ${PLAN_SETTINGS} as $fn$`);
const ES_APPEND_STREAMS_V3 = replaceOnce(ES_APPEND_STREAMS_V2, 'language plpgsql as $fn$', `language plpgsql ${PLAN_SETTINGS} as $fn$`);

/**
 * Schema of the SQL event store (PostgreSQL and PGlite share it).
 *
 * Why the position is `transaction id * 65536 + index in the append`: a sequence value is taken
 * before commit, so sequence order is not commit order and a reader paging by a sequence can skip
 * an event whose transaction commits late. Readers here only return events whose transaction id is
 * below `pg_snapshot_xmin(pg_current_snapshot())` (every older transaction has ended), and the
 * position orders by transaction id first, so everything a reader will ever see later has a greater
 * position than what it has seen: one total order, no gaps filled behind a checkpoint. Positions are
 * sparse, as EventStoreDB's are. A 64-bit position leaves 2^47 transaction ids.
 */
export const eventStoreMigrations: Record<string, Migration> = {
  '2026-11-22T00-00-00_event_store': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table es_streams (
          stream_id text primary key,
          revision bigint not null
        )`.execute(db);
      await sql`
        create table es_events (
          position bigint primary key,
          stream_id text not null,
          revision bigint not null,
          event_id uuid not null,
          type text not null,
          data jsonb not null,
          metadata jsonb not null,
          recorded_at timestamptz not null default clock_timestamp(),
          constraint es_events_stream_revision_key unique (stream_id, revision),
          constraint es_events_event_id_key unique (event_id)
        )`.execute(db);
      await sql.raw(`create ${ES_APPEND_V1}`).execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql`drop function es_append(text, text, uuid[], text[], jsonb[], jsonb[])`.execute(db);
      await sql`drop table es_events`.execute(db);
      await sql`drop table es_streams`.execute(db);
    },
  },
  '2026-11-22T07-00-00_events_immutable': {
    // SPEC section 8: events are never updated or deleted. Only someone who can disable the trigger
    // (the table's owner) can, and the integrity chain then shows where.
    async up(db: Kysely<unknown>) {
      await sql`
        create function es_events_immutable() returns trigger language plpgsql as $fn$
        begin
          raise exception 'events are never updated or deleted' using errcode = 'PPE03';
        end
        $fn$`.execute(db);
      await sql`create trigger es_events_immutable before update or delete on es_events for each row execute function es_events_immutable()`.execute(db);
      await sql`create trigger es_events_no_truncate before truncate on es_events for each statement execute function es_events_immutable()`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql`drop trigger es_events_no_truncate on es_events`.execute(db);
      await sql`drop trigger es_events_immutable on es_events`.execute(db);
      await sql`drop function es_events_immutable()`.execute(db);
    },
  },
  '2026-12-01T00-00-00_es_append_fast_paths': {
    async up(db: Kysely<unknown>) {
      await sql.raw(`create or replace ${ES_APPEND_V2}`).execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql.raw(`create or replace ${ES_APPEND_V1}`).execute(db);
    },
  },
  '2026-12-02T00-00-00_es_append_streams': {
    async up(db: Kysely<unknown>) {
      await sql.raw(`create ${ES_APPEND_STREAMS}`).execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql`drop function es_append_streams(text[], text[], int[], uuid[], text[], jsonb[], jsonb[])`.execute(db);
    },
  },
  '2026-12-03T00-00-00_es_append_group': {
    async up(db: Kysely<unknown>) {
      await sql.raw(`create or replace ${ES_APPEND_V3}`).execute(db);
      await sql.raw(`create or replace ${ES_APPEND_STREAMS_V2}`).execute(db);
      await sql.raw(`create ${ES_APPEND_GROUP}`).execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql`drop function es_append_group(int[], text[], text[], int[], uuid[], text[], jsonb[], jsonb[])`.execute(db);
      await sql.raw(`create or replace ${ES_APPEND_STREAMS}`).execute(db);
      await sql.raw(`create or replace ${ES_APPEND_V2}`).execute(db);
    },
  },
  '2026-12-08T00-00-00_es_append_group_set_based': {
    async up(db: Kysely<unknown>) {
      await sql.raw(`create or replace ${ES_APPEND_GROUP_V2}`).execute(db);
      await sql.raw(`create or replace ${ES_APPEND_V4}`).execute(db);
      await sql.raw(`create or replace ${ES_APPEND_STREAMS_V3}`).execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql.raw(`create or replace ${ES_APPEND_STREAMS_V2}`).execute(db);
      await sql.raw(`create or replace ${ES_APPEND_V3}`).execute(db);
      await sql.raw(`create or replace ${ES_APPEND_GROUP}`).execute(db);
    },
  },
};
