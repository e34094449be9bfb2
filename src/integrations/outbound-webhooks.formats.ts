import { createHmac } from 'node:crypto';
import type { OutboundStory } from './outbound-webhooks.api.ts';
import type { OutboundFormat } from './outbound-webhooks.tables.ts';

export const SIGNATURE_HEADER = 'x-serviceloop-signature';
export const TIMESTAMP_HEADER = 'x-serviceloop-timestamp';
export const SIGNATURE_SCHEME =
  'X-Serviceloop-Signature: sha256=<hex HMAC-SHA256 of "<X-Serviceloop-Timestamp>.<raw body>" with the secret>';

/** The signature of a delivery: the timestamp is signed too, so a captured request cannot be replayed later. */
export function signDelivery(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Slack's mrkdwn treats &, < and > as markup. */
const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The body posted for a story: our own JSON, a Slack message, or a Teams message with an Adaptive Card. */
export function storyBody(
  format: OutboundFormat,
  story: OutboundStory,
  org: { name: string },
): Record<string, unknown> {
  const tags = story.valueTags.length > 0 ? story.valueTags.join(' · ') : null;
  switch (format) {
    case 'generic':
      return { event: 'wall.story', organisation: org.name, story };
    case 'slack':
      return {
        text: `${story.headline}: ${story.text}`,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: `*${slackEscape(story.headline)}*` } },
          {
            type: 'section',
            text: { type: 'mrkdwn', text: `>${slackEscape(story.text).replace(/\n/g, '\n>')}` },
          },
          {
            type: 'context',
            elements: [
              {
                type: 'mrkdwn',
                text: `${tags ? `${slackEscape(tags)} · ` : ''}<${story.url}|Open the ${slackEscape(org.name)} service wall>`,
              },
            ],
          },
        ],
      };
    case 'teams':
      return {
        type: 'message',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            contentUrl: null,
            content: {
              $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
              type: 'AdaptiveCard',
              version: '1.4',
              body: [
                { type: 'TextBlock', text: story.headline, weight: 'Bolder', size: 'Medium', wrap: true },
                { type: 'TextBlock', text: story.text, wrap: true },
                ...(tags
                  ? [{ type: 'TextBlock', text: tags, isSubtle: true, spacing: 'Small', wrap: true }]
                  : []),
              ],
              actions: [{ type: 'Action.OpenUrl', title: 'Open the service wall', url: story.url }],
            },
          },
        ],
      };
  }
}
