import type { DistributionRule, InteractionChannel } from '../../api/types';

const CHANNEL_WORDS: Record<InteractionChannel, string> = {
  email: 'email',
  phone: 'phone',
  chat: 'chat',
  in_person: 'in-person',
  field_visit: 'field-visit',
  order: 'order',
};

/** What the interaction is called when a rule has just one channel. */
const CHANNEL_EVENT: Record<InteractionChannel, string> = {
  email: 'the email',
  phone: 'the call',
  chat: 'the chat',
  in_person: 'the visit',
  field_visit: 'the visit',
  order: 'the order',
};

/** "one hour", "3 days", "one minute". */
export function count(n: number, unit: string): string {
  const number = n === 1 ? 'one' : String(n);
  return `${number} ${unit}${n === 1 ? '' : 's'}`;
}

/** "a, b and c". */
export function listOf(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export type DelayUnit = 'minutes' | 'hours' | 'days';
export const DELAY_UNIT_MINUTES: Record<DelayUnit, number> = { minutes: 1, hours: 60, days: 1440 };

/** The largest unit that expresses the delay exactly, for the form and the summary. */
export function splitDelay(minutes: number): { value: number; unit: DelayUnit } {
  if (minutes > 0 && minutes % 1440 === 0) return { value: minutes / 1440, unit: 'days' };
  if (minutes > 0 && minutes % 60 === 0) return { value: minutes / 60, unit: 'hours' };
  return { value: minutes, unit: 'minutes' };
}

export function delayText(minutes: number): string {
  const { value, unit } = splitDelay(minutes);
  return count(value, unit.slice(0, -1));
}

type RuleShape = Pick<
  DistributionRule,
  'channels' | 'teamIds' | 'delayMinutes' | 'samplingPercent' | 'fatigueDays' | 'reminderDays'
>;

/**
 * The rule in one sentence, e.g. "Emails phone and chat customers of Tier 1 one hour after the
 * interaction, 50 % of them, at most once every 30 days, one reminder after 3 days."
 */
export function ruleSummary(rule: RuleShape, teamNames: Map<string, string>): string {
  const channels = rule.channels.map((channel) => CHANNEL_WORDS[channel] ?? channel);
  const teams = rule.teamIds.map((id) => teamNames.get(id) ?? 'an unknown team');
  const who =
    channels.length === 0 && teams.length === 0
      ? 'every customer'
      : `${channels.length > 0 ? `${listOf(channels)} ` : ''}customers${
          teams.length > 3 ? ` of ${teams.length} teams` : teams.length > 0 ? ` of ${listOf(teams)}` : ''
        }`;
  const single = rule.channels.length === 1 ? rule.channels[0] : undefined;
  const event = single ? CHANNEL_EVENT[single] : 'the interaction';
  const when =
    rule.delayMinutes === 0 ? `right after ${event}` : `${delayText(rule.delayMinutes)} after ${event}`;
  const share =
    rule.samplingPercent >= 100
      ? 'all of them'
      : rule.samplingPercent <= 0
        ? 'none of them'
        : `${rule.samplingPercent} % of them`;
  const fatigue =
    rule.fatigueDays === 0
      ? 'however often they get in touch'
      : rule.fatigueDays === 1
        ? 'at most once a day'
        : `at most once every ${rule.fatigueDays} days`;
  const reminder =
    rule.reminderDays === null ? 'no reminder' : `one reminder after ${count(rule.reminderDays, 'day')}`;
  return `Emails ${who} ${when}, ${share}, ${fatigue}, ${reminder}.`;
}
