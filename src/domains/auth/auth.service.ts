import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import type { Mailer } from '../../integrations/email.ts';
import { AppError, invalid } from '../../server/errors.ts';
import { employees, organisations } from '../people/people.tables.ts';
import { recordAudit } from './audit.service.ts';
import { credentials, oneTimeTokens, sessions } from './auth.tables.ts';
import { authorize, type Ctx, type Role } from './context.ts';
import { hitRateLimit, pruneRateLimits } from './rate-limit.ts';
import { DUMMY_PASSWORD_HASH, hashPassword, hashToken, randomToken, verifyPassword } from './secrets.ts';

export const SESSION_DAYS = 30;
const RESET_TOKEN_HOURS = 2;
const INVITATION_DAYS = 7;
export const PASSWORD_MIN_LENGTH = 10;

export interface SignInInput {
  email: string;
  password: string;
  org?: string | undefined;
  ip: string;
  userAgent?: string | undefined;
}

export interface SessionIdentity {
  orgId: string;
  sessionId: string;
  employeeId: string;
  role: Role;
  csrfToken: string;
}

export async function signIn(
  db: Db,
  input: SignInInput,
): Promise<{ token: string; identity: SessionIdentity }> {
  const email = input.email.trim().toLowerCase();
  // Per IP and per account: one stops a spray across accounts, the other a guess at one account.
  await hitRateLimit(db, { bucket: `sign-in:ip:${input.ip}`, limit: 50, windowSeconds: 900 });
  await hitRateLimit(db, { bucket: `sign-in:account:${email}`, limit: 10, windowSeconds: 900 });
  if (Math.random() < 0.01) await pruneRateLimits(db, new Date(Date.now() - 86_400_000));

  const candidates = await db
    .select({
      orgId: employees.orgId,
      employeeId: employees.id,
      role: employees.role,
      passwordHash: credentials.passwordHash,
      slug: organisations.slug,
      orgName: organisations.name,
    })
    .from(employees)
    .innerJoin(
      credentials,
      and(eq(credentials.orgId, employees.orgId), eq(credentials.employeeId, employees.id)),
    )
    .innerJoin(organisations, eq(organisations.id, employees.orgId))
    .where(
      and(
        sql`lower(${employees.email}) = ${email}`,
        eq(employees.active, true),
        input.org ? eq(organisations.slug, input.org) : undefined,
      ),
    );

  if (candidates.length === 0) await verifyPassword(input.password, DUMMY_PASSWORD_HASH);
  const matches: typeof candidates = [];
  for (const c of candidates) if (await verifyPassword(input.password, c.passwordHash)) matches.push(c);

  for (const c of candidates.filter((c) => !matches.includes(c))) {
    await recordAudit(
      { db, orgId: c.orgId, actor: { type: 'system' }, ip: input.ip },
      'auth.sign_in_failed',
      { type: 'employee', id: c.employeeId },
    );
  }
  if (matches.length > 1) {
    throw new AppError('CONFLICT', 'This email has accounts in several organisations; choose one', {
      orgs: matches.map((m) => ({ slug: m.slug, name: m.orgName })),
    });
  }
  const match = matches[0];
  if (!match) throw new AppError('UNAUTHENTICATED', 'The email or password is not right');

  const token = randomToken();
  const identity: SessionIdentity = {
    orgId: match.orgId,
    sessionId: uuidv7(),
    employeeId: match.employeeId,
    role: match.role,
    csrfToken: randomToken(24),
  };
  await db.transaction(async (tx) => {
    await tx.insert(sessions).values({
      orgId: identity.orgId,
      id: identity.sessionId,
      employeeId: identity.employeeId,
      tokenHash: hashToken(token),
      csrfToken: identity.csrfToken,
      expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000),
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 500) ?? null,
    });
    await recordAudit(
      {
        db: tx,
        orgId: identity.orgId,
        actor: {
          type: 'user',
          employeeId: identity.employeeId,
          role: identity.role,
          sessionId: identity.sessionId,
        },
        ip: input.ip,
      },
      'auth.sign_in',
      { type: 'employee', id: identity.employeeId },
    );
  });
  return { token, identity };
}

/** Looks up a live session by its cookie token; null when unknown, expired or the person is inactive. */
export async function resolveSession(db: Db, token: string): Promise<SessionIdentity | null> {
  const rows = await db
    .select({
      orgId: sessions.orgId,
      sessionId: sessions.id,
      employeeId: sessions.employeeId,
      role: employees.role,
      csrfToken: sessions.csrfToken,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .innerJoin(employees, and(eq(employees.orgId, sessions.orgId), eq(employees.id, sessions.employeeId)))
    .where(
      and(
        eq(sessions.tokenHash, hashToken(token)),
        gt(sessions.expiresAt, new Date()),
        eq(employees.active, true),
      ),
    )
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  // Touch at most every five minutes: a write per request would make every read a write.
  if (Date.now() - row.lastSeenAt.getTime() > 300_000) {
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date() })
      .where(and(eq(sessions.orgId, row.orgId), eq(sessions.id, row.sessionId)));
  }
  const { lastSeenAt: _, ...identity } = row;
  return identity;
}

export async function signOut(ctx: Ctx, everywhere: boolean): Promise<void> {
  if (ctx.actor.type !== 'user') return;
  const { employeeId, sessionId } = ctx.actor;
  await ctx.db.transaction(async (tx) => {
    await tx
      .delete(sessions)
      .where(
        and(
          eq(sessions.orgId, ctx.orgId),
          everywhere ? eq(sessions.employeeId, employeeId) : eq(sessions.id, sessionId),
        ),
      );
    await recordAudit({ ...ctx, db: tx }, everywhere ? 'auth.sign_out_everywhere' : 'auth.sign_out', {
      type: 'employee',
      id: employeeId,
    });
  });
}

export function checkPasswordPolicy(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH)
    throw invalid(`The password needs at least ${PASSWORD_MIN_LENGTH} characters`, { field: 'password' });
}

export async function setPassword(
  db: Db,
  orgId: string,
  employeeId: string,
  password: string,
): Promise<void> {
  checkPasswordPolicy(password);
  const passwordHash = await hashPassword(password);
  await db
    .insert(credentials)
    .values({ orgId, employeeId, passwordHash })
    .onConflictDoUpdate({
      target: [credentials.orgId, credentials.employeeId],
      set: { passwordHash, updatedAt: new Date() },
    });
}

interface LinkOptions {
  mailer: Mailer;
  publicUrl: string;
}

async function issueToken(
  db: Db,
  orgId: string,
  employeeId: string,
  purpose: 'password_reset' | 'invitation',
): Promise<string> {
  const token = randomToken();
  const hours = purpose === 'invitation' ? INVITATION_DAYS * 24 : RESET_TOKEN_HOURS;
  await db.insert(oneTimeTokens).values({
    orgId,
    id: uuidv7(),
    employeeId,
    purpose,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + hours * 3_600_000),
  });
  return token;
}

/** Always succeeds from the caller's view, so it cannot be used to find out who has an account. */
export async function requestPasswordReset(
  db: Db,
  email: string,
  ip: string,
  links: LinkOptions,
): Promise<void> {
  const normalised = email.trim().toLowerCase();
  await hitRateLimit(db, { bucket: `reset:ip:${ip}`, limit: 20, windowSeconds: 3600 });
  await hitRateLimit(db, { bucket: `reset:account:${normalised}`, limit: 5, windowSeconds: 3600 });
  const people = await db
    .select({
      orgId: employees.orgId,
      id: employees.id,
      name: employees.name,
      email: employees.email,
      orgName: organisations.name,
    })
    .from(employees)
    .innerJoin(organisations, eq(organisations.id, employees.orgId))
    .where(and(sql`lower(${employees.email}) = ${normalised}`, eq(employees.active, true)));
  for (const person of people) {
    const token = await issueToken(db, person.orgId, person.id, 'password_reset');
    await recordAudit(
      { db, orgId: person.orgId, actor: { type: 'system' }, ip },
      'auth.password_reset_requested',
      {
        type: 'employee',
        id: person.id,
      },
    );
    await links.mailer.send({
      to: person.email,
      subject: `Reset your Serviceloop password (${person.orgName})`,
      text:
        `Hello ${person.name},\n\nSomeone asked to reset your Serviceloop password for ${person.orgName}. ` +
        `If it was you, choose a new password here within ${RESET_TOKEN_HOURS} hours:\n\n` +
        `${links.publicUrl}/reset-password?token=${token}\n\nIf it was not you, ignore this email.`,
    });
  }
}

export async function sendInvitation(ctx: Ctx, employeeId: string, links: LinkOptions): Promise<void> {
  authorize(ctx, 'people:write');
  const [person] = await ctx.db
    .select({
      name: employees.name,
      email: employees.email,
      orgName: organisations.name,
      active: employees.active,
    })
    .from(employees)
    .innerJoin(organisations, eq(organisations.id, employees.orgId))
    .where(and(eq(employees.orgId, ctx.orgId), eq(employees.id, employeeId)));
  if (!person) throw new AppError('NOT_FOUND', 'Employee not found');
  if (!person.active) throw invalid('This person is inactive; reactivate them before inviting');
  const token = await issueToken(ctx.db, ctx.orgId, employeeId, 'invitation');
  await recordAudit(ctx, 'auth.invitation_sent', { type: 'employee', id: employeeId });
  await links.mailer.send({
    to: person.email,
    subject: `You're invited to Serviceloop at ${person.orgName}`,
    text:
      `Hello ${person.name},\n\n${person.orgName} uses Serviceloop to hear customers and celebrate great service. ` +
      `Set your password to join (the link works for ${INVITATION_DAYS} days):\n\n` +
      `${links.publicUrl}/accept-invite?token=${token}\n`,
  });
}

/** Uses a reset or invitation token once: sets the password and ends every existing session. */
export async function completePasswordReset(
  db: Db,
  token: string,
  password: string,
  ip: string,
): Promise<void> {
  checkPasswordPolicy(password);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(oneTimeTokens)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(oneTimeTokens.tokenHash, hashToken(token)),
          isNull(oneTimeTokens.usedAt),
          gt(oneTimeTokens.expiresAt, new Date()),
        ),
      )
      .returning({
        orgId: oneTimeTokens.orgId,
        employeeId: oneTimeTokens.employeeId,
        purpose: oneTimeTokens.purpose,
      });
    if (!row) throw invalid('This link has expired or was already used; ask for a new one');
    await setPassword(tx, row.orgId, row.employeeId, password);
    await tx
      .delete(sessions)
      .where(and(eq(sessions.orgId, row.orgId), eq(sessions.employeeId, row.employeeId)));
    await recordAudit(
      { db: tx, orgId: row.orgId, actor: { type: 'system' }, ip },
      row.purpose === 'invitation' ? 'auth.invitation_accepted' : 'auth.password_reset',
      { type: 'employee', id: row.employeeId },
    );
  });
}
