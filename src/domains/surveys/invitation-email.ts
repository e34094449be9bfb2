import type { OutgoingEmail } from '../../integrations/email.ts';
import { type Language, type SurveyDefinition, scaleOf, type Translated } from './surveys.api.ts';
import { surveyUrl } from './surveys.service.ts';

/**
 * The invitation email: the survey's first question embedded as a row of score links, so one tap
 * records the score (/s/<token>?score=N), and an unsubscribe link plus RFC 8058 one-click headers.
 * HTML uses tables and inline styles because that is what email clients render reliably.
 */

export function escapeHtml(value: string | number): string {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export const unsubscribeUrl = (publicUrl: string, token: string) => `${publicUrl}/u/${token}`;
export const scoreUrl = (publicUrl: string, token: string, score: number) =>
  `${surveyUrl(publicUrl, token)}?score=${score}`;

const WORDS = {
  en: {
    reminder: 'Reminder: ',
    hello: (name: string | null) => (name ? `Hello ${name},` : 'Hello,'),
    intro: (org: string) => `Thank you for choosing ${org}. Tap a number below: one tap records your answer.`,
    reminderIntro: (org: string) =>
      `A few days ago ${org} asked about your experience. If you have a moment, tap a number below.`,
    open: 'Answer the survey',
    textLink: 'Answer here:',
    unsubscribe: 'Unsubscribe',
    notWanted: 'Prefer not to get these emails?',
  },
  es: {
    reminder: 'Recordatorio: ',
    hello: (name: string | null) => (name ? `Hola, ${name}:` : 'Hola:'),
    intro: (org: string) => `Gracias por elegir ${org}. Pulse un número: un toque registra su respuesta.`,
    reminderIntro: (org: string) =>
      `Hace unos días ${org} le preguntó por su experiencia. Si tiene un momento, pulse un número.`,
    open: 'Responder la encuesta',
    textLink: 'Responda aquí:',
    unsubscribe: 'Darse de baja',
    notWanted: '¿Prefiere no recibir estos correos?',
  },
  de: {
    reminder: 'Erinnerung: ',
    hello: (name: string | null) => (name ? `Hallo ${name},` : 'Hallo,'),
    intro: (org: string) =>
      `Danke, dass Sie sich für ${org} entschieden haben. Tippen Sie auf eine Zahl: Ein Tipp speichert Ihre Antwort.`,
    reminderIntro: (org: string) =>
      `Vor einigen Tagen hat ${org} Sie nach Ihrer Erfahrung gefragt. Wenn Sie einen Moment haben, tippen Sie auf eine Zahl.`,
    open: 'Zur Umfrage',
    textLink: 'Hier antworten:',
    unsubscribe: 'Abmelden',
    notWanted: 'Sie möchten diese E-Mails nicht mehr erhalten?',
  },
} satisfies Record<Language, unknown>;

export interface InvitationEmailInput {
  to: string;
  definition: SurveyDefinition;
  orgName: string;
  customerName: string | null;
  locale: Language;
  token: string;
  publicUrl: string;
  reminder?: boolean;
}

/** Black or white, whichever reads better on the brand colour. */
function textOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255);
  const lum = 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
  return lum > 0.6 ? '#111111' : '#ffffff';
}

export function renderInvitationEmail(input: InvitationEmailInput): OutgoingEmail {
  const { definition, locale, publicUrl, token, orgName } = input;
  const words = WORDS[locale];
  const t = (text: Translated | undefined) =>
    text ? (text[locale] ?? text.en).replaceAll('{org}', orgName) : '';
  const first = definition.questions[0];
  const scale = first ? scaleOf(first) : null;
  const question = first ? t(first.label) : '';
  const link = surveyUrl(publicUrl, token);
  const unsubscribe = unsubscribeUrl(publicUrl, token);
  const brand = definition.brandColor;
  const onBrand = textOn(brand);
  const intro = input.reminder ? words.reminderIntro(orgName) : words.intro(orgName);
  const subject = `${input.reminder ? words.reminder : ''}${t(definition.title)}`;
  const scores = scale ? Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i) : [];
  const low = first && 'lowLabel' in first ? t(first.lowLabel) : '';
  const high = first && 'highLabel' in first ? t(first.highLabel) : '';

  const font = 'font-family:Arial,Helvetica,sans-serif;';
  const cellWidth = scores.length > 0 ? Math.floor(100 / scores.length) : 100;
  const answerBlock = scale
    ? `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:separate;border-spacing:3px;table-layout:fixed">
<tr>${scores
        .map(
          (n) =>
            `<td width="${cellWidth}%" align="center" style="padding:0"><a href="${escapeHtml(scoreUrl(publicUrl, token, n))}" style="display:block;${font}font-size:18px;font-weight:bold;line-height:44px;min-height:44px;background:${brand};color:${onBrand};text-decoration:none;border-radius:4px;text-align:center">${n}</a></td>`,
        )
        .join('')}</tr>
</table>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>
<td align="left" style="${font}font-size:13px;color:#555555;padding:4px 3px">${escapeHtml(low)}</td>
<td align="right" style="${font}font-size:13px;color:#555555;padding:4px 3px">${escapeHtml(high)}</td>
</tr></table>`
    : `<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr><td style="border-radius:4px;background:${brand}"><a href="${escapeHtml(link)}" style="display:inline-block;${font}font-size:16px;font-weight:bold;line-height:44px;padding:0 24px;color:${onBrand};text-decoration:none">${escapeHtml(words.open)}</a></td></tr></table>`;

  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f4f5f7"><tr><td align="center" style="padding:16px 8px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background:#ffffff;border-top:4px solid ${brand};border-radius:4px">
<tr><td style="padding:24px 20px 8px;${font}font-size:15px;line-height:1.5;color:#222222">
<p style="margin:0 0 12px">${escapeHtml(words.hello(input.customerName))}</p>
<p style="margin:0 0 16px">${escapeHtml(intro)}</p>
<p style="margin:0 0 12px;font-size:17px;font-weight:bold">${escapeHtml(question)}</p>
</td></tr>
<tr><td style="padding:0 17px 20px">${answerBlock}</td></tr>
</table>
<p style="${font}font-size:12px;color:#777777;margin:12px 0">${escapeHtml(words.notWanted)} <a href="${escapeHtml(unsubscribe)}" style="color:#555555">${escapeHtml(words.unsubscribe)}</a></p>
</td></tr></table>
</body></html>`;

  const text = [
    words.hello(input.customerName),
    '',
    intro,
    '',
    question,
    ...(scale && low && high ? [`(${scale.min} = ${low}, ${scale.max} = ${high})`] : []),
    '',
    `${words.textLink} ${link}`,
    '',
    `${words.notWanted} ${words.unsubscribe}: ${unsubscribe}`,
  ].join('\n');

  return {
    to: input.to,
    subject,
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
