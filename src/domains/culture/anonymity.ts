/**
 * The anonymity guard: the one place that decides which groups of pulse answers may be reported.
 * Every number, chart, comment list, filter and export of pulse results asks it (docs/culture.md).
 *
 * The attacker may issue every query and combine the answers, so cells are not judged one query
 * at a time: the set of reportable cells of a pulse is decided as a whole, deterministically from
 * the data. Candidate cells (the organisation, each team with its sub-teams, then the same with
 * attribute filters) are considered in a fixed order, and one is released only if, with it, every
 * "signature class" still holds at least `threshold` people. A signature class is the set of
 * respondents that belong to exactly the same released cells. Every linear combination of released
 * figures (sums, counts, differences of any cells) is constant on each class, so a combination
 * that singles out a group (a 0/1 vector over respondents) is a union of whole classes: it is
 * empty or holds at least `threshold` people. A cell that would split a class below the threshold
 * (a team whose parent then keeps too few direct members, a filter whose complement is small) is
 * suppressed; this is the secondary suppression, and it is stricter than strictly necessary, by
 * design: it needs no search and its proof is two lines.
 */

export const DEFAULT_MIN_GROUP_SIZE = 5;
/** Never below this, whatever an organisation sets. */
export const LOWEST_MIN_GROUP_SIZE = 3;
/**
 * A comment can give its author away by its content and style as well as by its group, so comment
 * lists need a larger crowd than numbers: twice the numeric default.
 */
export const DEFAULT_MIN_COMMENT_GROUP_SIZE = 10;

export interface GuardTeam {
  id: string;
  parentId: string | null;
}

/** A respondent as the guard sees them: the team snapshot and coarse attributes, nothing else. */
export interface GuardRespondent {
  teamId: string | null;
  attributes: Readonly<Record<string, string>>;
}

/** A reportable group: the whole organisation (teamId null) or a team with its sub-teams, filtered. */
export interface CellQuery {
  teamId: string | null;
  filters?: Readonly<Record<string, string | undefined>>;
}

export interface Release {
  threshold: number;
  /** Members (respondent indexes) of a released cell, or null when it is suppressed. */
  members(cell: CellQuery): readonly number[] | null;
  /** Every released cell's key, in the order released. */
  releasedKeys(): string[];
}

/** A stable key for a cell: `org` or the team id, then the filters sorted by attribute. */
export function cellKey(cell: CellQuery): string {
  const filters = Object.entries(cell.filters ?? {})
    .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`);
  return [cell.teamId ?? 'org', ...filters].join('|');
}

/** Teams breadth-first (parents before children), ties broken by id: the order cells are considered. */
export function teamsTopDown(teams: readonly GuardTeam[]): GuardTeam[] {
  const ids = new Set(teams.map((t) => t.id));
  const depth = new Map<string, number>();
  const parentOf = new Map(teams.map((t) => [t.id, t.parentId]));
  const depthOf = (id: string, seen = 0): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const parent = parentOf.get(id);
    const d = parent && ids.has(parent) && seen < teams.length ? depthOf(parent, seen + 1) + 1 : 0;
    depth.set(id, d);
    return d;
  };
  return [...teams].sort((a, b) => depthOf(a.id) - depthOf(b.id) || (a.id < b.id ? -1 : 1));
}

/** Each team's ancestors-or-self, for rolling a respondent up into every enclosing team's cell. */
function ancestry(teams: readonly GuardTeam[]): Map<string, string[]> {
  const parentOf = new Map(teams.map((t) => [t.id, t.parentId]));
  const out = new Map<string, string[]>();
  for (const t of teams) {
    const chain: string[] = [];
    let current: string | null | undefined = t.id;
    while (current && parentOf.has(current) && !chain.includes(current)) {
      chain.push(current);
      current = parentOf.get(current);
    }
    out.set(t.id, chain);
  }
  return out;
}

/** Every combination of `attributes` (none, each alone, pairs, …), smallest first. */
function attributeSubsets(attributes: readonly string[]): string[][] {
  const out: string[][] = [[]];
  for (const a of attributes) for (const s of [...out]) out.push([...s, a]);
  return out.sort((x, y) => x.length - y.length);
}

/**
 * Decides which cells of one pulse may be reported. `attributes` are the filterable attributes in
 * priority order; candidates come org first, then teams top-down, then filtered cells (fewer
 * filters first), so the broadest views win when two cells cannot both be shown.
 */
export function decideRelease(input: {
  teams: readonly GuardTeam[];
  respondents: readonly GuardRespondent[];
  threshold: number;
  attributes?: readonly string[];
}): Release {
  const threshold = Math.max(LOWEST_MIN_GROUP_SIZE, Math.floor(input.threshold));
  const { respondents } = input;
  const teams = teamsTopDown(input.teams);
  const chains = ancestry(teams);
  const inTeam = (r: GuardRespondent, teamId: string | null) =>
    teamId === null || (r.teamId !== null && (chains.get(r.teamId)?.includes(teamId) ?? false));

  const values = new Map<string, string[]>();
  for (const a of input.attributes ?? []) {
    const seen = new Set<string>();
    for (const r of respondents) {
      const v = r.attributes[a];
      if (v !== undefined) seen.add(v);
    }
    values.set(a, [...seen].sort());
  }

  const released = new Map<string, number[]>();
  const classOf = new Int32Array(respondents.length);

  const consider = (cell: CellQuery) => {
    const key = cellKey(cell);
    if (released.has(key)) return;
    const members: number[] = [];
    const inCell = new Uint8Array(respondents.length);
    respondents.forEach((r, i) => {
      if (!inTeam(r, cell.teamId)) return;
      for (const [a, v] of Object.entries(cell.filters ?? {})) if (r.attributes[a] !== v) return;
      members.push(i);
      inCell[i] = 1;
    });
    if (members.length < threshold) return;
    // Split every class by membership of the cell; each nonempty part must keep `threshold` people.
    const sizes = new Map<number, number>();
    for (let i = 0; i < respondents.length; i++) {
      const part = (classOf[i] as number) * 2 + (inCell[i] as number);
      sizes.set(part, (sizes.get(part) ?? 0) + 1);
    }
    for (const size of sizes.values()) if (size < threshold) return;
    const renumber = new Map<number, number>();
    for (let i = 0; i < respondents.length; i++) {
      const part = (classOf[i] as number) * 2 + (inCell[i] as number);
      let next = renumber.get(part);
      if (next === undefined) {
        next = renumber.size;
        renumber.set(part, next);
      }
      classOf[i] = next;
    }
    released.set(key, members);
  };

  for (const subset of attributeSubsets(input.attributes ?? [])) {
    const combos: Record<string, string>[] = subset.reduce<Record<string, string>[]>(
      (acc, a) => acc.flatMap((combo) => (values.get(a) ?? []).map((v) => ({ ...combo, [a]: v }))),
      [{}],
    );
    for (const filters of combos) {
      consider({ teamId: null, filters });
      for (const t of teams) consider({ teamId: t.id, filters });
    }
  }

  return {
    threshold,
    members: (cell) => released.get(cellKey(cell)) ?? null,
    releasedKeys: () => [...released.keys()],
  };
}

/**
 * The comment lists of a pulse: a team's comments (with its sub-teams') are shown only when the
 * team's numbers are, and the same class rule holds over the people who commented, with the
 * (larger) comment threshold. Comment lists are never filtered by attributes.
 */
export function decideCommentRelease(input: {
  teams: readonly GuardTeam[];
  commenters: readonly { teamId: string | null }[];
  threshold: number;
  numbers: Release;
}): Release {
  const inner = decideRelease({
    teams: input.teams,
    respondents: input.commenters.map((c) => ({ teamId: c.teamId, attributes: {} })),
    threshold: Math.max(input.threshold, input.numbers.threshold),
  });
  return {
    threshold: inner.threshold,
    members: (cell) =>
      Object.values(cell.filters ?? {}).some((v) => v !== undefined && v !== '') ||
      input.numbers.members({ teamId: cell.teamId }) === null
        ? null
        : inner.members({ teamId: cell.teamId }),
    releasedKeys: () =>
      inner.releasedKeys().filter((k) => input.numbers.members({ teamId: k === 'org' ? null : k }) !== null),
  };
}
