import type { RuleKind } from './cases.tables.ts';

/** A trigger rule as the evaluator needs it (a row of case_rules). */
export interface TriggerRule {
  id: string;
  name: string;
  kind: RuleKind;
  threshold: number | null;
  keywords: readonly string[];
  surveyId: string | null;
  active: boolean;
}

/** What a response offers the rules. */
export interface TriggerSubject {
  surveyId: string;
  surveyKind: string;
  score: number | null;
  comment: string | null;
  /** Text analytics judged the comment negative (false when nothing analysed it). */
  negativeSentiment: boolean;
}

export interface TriggerMatch {
  rule: TriggerRule;
  reason: string;
}

/** The threshold each score rule uses when the organisation set none. */
export const DEFAULT_THRESHOLDS: Partial<Record<RuleKind, number>> = {
  nps_detractor: 6,
  csat_low: 2,
  ces_high: 5,
};

const boundary = '[\\p{L}\\p{N}]';
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The first keyword the comment contains as a whole word (or phrase), ignoring case. */
export function matchedKeyword(comment: string | null, keywords: readonly string[]): string | null {
  if (!comment) return null;
  for (const keyword of keywords) {
    const k = keyword.trim();
    if (!k) continue;
    if (new RegExp(`(?<!${boundary})${literal(k)}(?!${boundary})`, 'iu').test(comment)) return k;
  }
  return null;
}

function reasonFor(rule: TriggerRule, s: TriggerSubject): string | null {
  const threshold = rule.threshold ?? DEFAULT_THRESHOLDS[rule.kind] ?? 0;
  switch (rule.kind) {
    case 'nps_detractor':
      return s.surveyKind === 'nps' && s.score !== null && s.score <= threshold
        ? `NPS ${s.score}: detractor (0–${threshold})`
        : null;
    case 'csat_low':
      return s.surveyKind === 'csat' && s.score !== null && s.score <= threshold
        ? `CSAT ${s.score} (≤ ${threshold})`
        : null;
    case 'ces_high':
      return s.surveyKind === 'ces' && s.score !== null && s.score >= threshold
        ? `CES ${s.score}: high effort (≥ ${threshold})`
        : null;
    case 'keyword': {
      const k = matchedKeyword(s.comment, rule.keywords);
      return k ? `Comment mentions “${k}”` : null;
    }
    case 'negative_sentiment':
      return s.negativeSentiment ? 'Negative comment' : null;
  }
}

/** The first active rule (in the given order) that the response meets, with a reason for people. */
export function matchTrigger(rules: readonly TriggerRule[], subject: TriggerSubject): TriggerMatch | null {
  for (const rule of rules) {
    if (!rule.active || (rule.surveyId !== null && rule.surveyId !== subject.surveyId)) continue;
    const reason = reasonFor(rule, subject);
    if (reason) return { rule, reason };
  }
  return null;
}
