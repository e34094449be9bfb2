import nodemailer from 'nodemailer';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
}

/**
 * SMTP through nodemailer when SMTP_URL is set (smtp://user:pass@host:port, smtps:// for TLS).
 * Without it, emails are written to the log so a local install can still follow reset links.
 */
export function createMailer(options: {
  smtpUrl: string | undefined;
  from: string;
  log: (message: string) => void;
}): Mailer {
  if (!options.smtpUrl) {
    return {
      async send(email) {
        options.log(`email (SMTP_URL not set, not sent) to ${email.to}: ${email.subject}\n${email.text}`);
      },
    };
  }
  const transport = nodemailer.createTransport(options.smtpUrl);
  return {
    async send(email) {
      await transport.sendMail({ from: options.from, ...email });
    },
  };
}
