import {
  DEFAULT_MIN_SAMPLE,
  type Estimate,
  estimate,
  higherIsBetter,
  type Metric,
  type Moments,
} from './statistics.ts';

/**
 * Fair views of people: empirical-Bayes shrinkage. A person's (or team's) raw mean x̄ᵢ over nᵢ
 * answers is pulled toward a prior mean μᵢ (their team's, or the organisation's) in proportion to
 * how little it can be trusted:
 *
 *   shrunkᵢ = μᵢ + Bᵢ·(x̄ᵢ − μᵢ),   Bᵢ = τ² / (τ² + σ²/nᵢ)
 *
 * σ² is the pooled within-person variance of single answers, τ² the variance of true means between
 * people (DerSimonian–Laird moments estimate, below). One lucky
 * 10 has nᵢ = 1, so Bᵢ is small and it stays near the mean; a long record keeps its own level.
 * Only subjects with at least `minN` answers get a rank; the rest are listed unranked.
 */
export interface Subject {
  id: string;
  /** The group whose mean is the prior (a person's team); null uses the organisation's mean. */
  groupId: string | null;
  moments: Moments;
}

export interface FairScore {
  id: string;
  groupId: string | null;
  raw: Estimate;
  /** The prior mean this subject was shrunk toward. */
  priorMean: number | null;
  shrunk: number | null;
  /** 1 = best; null when below minN or without answers. */
  rank: number | null;
}

export interface FairRankingOptions {
  metric: Metric;
  /** Subjects with fewer answers are shown but not ranked. */
  minN: number;
  /** Shrink toward the subject's group mean (default) or the organisation's. */
  prior: 'group' | 'organisation';
  minSample?: number;
}

export interface FairRanking {
  organisationMean: number | null;
  withinVariance: number;
  betweenVariance: number;
  scores: FairScore[];
}

export function rankFairly(subjects: readonly Subject[], options: FairRankingOptions): FairRanking {
  const withData = subjects.filter((s) => s.moments.n > 0);
  const total = withData.reduce((a, s) => a + s.moments.n, 0);
  const orgMean = total > 0 ? withData.reduce((a, s) => a + s.moments.sum, 0) / total : null;
  // Pooled within-subject variance: Σ(Σx² − (Σx)²/n) / (N − k).
  const within = withData.reduce((a, s) => a + s.moments.sumSq - s.moments.sum ** 2 / s.moments.n, 0);
  const dof = total - withData.length;
  const allVariance =
    total > 0 && orgMean !== null
      ? withData.reduce((a, s) => a + s.moments.sumSq, 0) / total - orgMean ** 2
      : 0;
  const sigma2 = Math.max(dof > 0 ? within / dof : allVariance, 1e-9);

  const groups = new Map<string, { n: number; sum: number }>();
  for (const s of withData) {
    if (s.groupId === null) continue;
    const g = groups.get(s.groupId) ?? { n: 0, sum: 0 };
    g.n += s.moments.n;
    g.sum += s.moments.sum;
    groups.set(s.groupId, g);
  }
  const priorOf = (s: Subject): number | null => {
    const g = options.prior === 'group' && s.groupId !== null ? groups.get(s.groupId) : undefined;
    return g && g.n > 0 ? g.sum / g.n : orgMean;
  };

  // DerSimonian–Laird: Q = Σ wᵢ(x̄ᵢ − μᵢ)² with wᵢ = nᵢ/σ²; τ² = max(0, (Q − df)/(Σw − Σw²/Σw)), df = the
  // subjects less the prior means estimated from them. Weighting by nᵢ keeps one-answer subjects
  // from inflating τ² (the unweighted moments estimate lets a single 0 or 10 do exactly that).
  const priorsUsed = new Set(withData.map((s) => (options.prior === 'group' && s.groupId ? s.groupId : '')));
  let q = 0;
  let sw = 0;
  let sw2 = 0;
  for (const s of withData) {
    const w = s.moments.n / sigma2;
    q += w * (s.moments.sum / s.moments.n - (priorOf(s) ?? 0)) ** 2;
    sw += w;
    sw2 += w * w;
  }
  const df = withData.length - priorsUsed.size;
  const denominator = sw > 0 ? sw - sw2 / sw : 0;
  const tau2 = denominator > 0 ? Math.max(0, (q - df) / denominator) : 0;

  const scores: FairScore[] = subjects.map((s) => {
    const raw = estimate(s.moments, options.metric, options.minSample ?? DEFAULT_MIN_SAMPLE);
    const prior = priorOf(s);
    if (raw.value === null || prior === null)
      return { id: s.id, groupId: s.groupId, raw, priorMean: prior, shrunk: null, rank: null };
    const b = tau2 / (tau2 + sigma2 / s.moments.n);
    return {
      id: s.id,
      groupId: s.groupId,
      raw,
      priorMean: prior,
      shrunk: prior + b * (raw.value - prior),
      rank: null,
    };
  });
  const sign = higherIsBetter(options.metric) ? -1 : 1;
  const ranked = scores
    .filter((s) => s.shrunk !== null && s.raw.n >= options.minN)
    .sort(
      (a, b) => sign * ((a.shrunk ?? 0) - (b.shrunk ?? 0)) || b.raw.n - a.raw.n || a.id.localeCompare(b.id),
    );
  ranked.forEach((s, i) => {
    s.rank = i + 1;
  });
  return { organisationMean: orgMean, withinVariance: sigma2, betweenVariance: tau2, scores };
}
