import {
  Anchor,
  Badge,
  Blockquote,
  Card,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import {
  IconCompass,
  IconHeart,
  IconLifebuoy,
  IconMessageDots,
  IconSchool,
  IconTarget,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import type { Target } from '../../api/analytics';
import { useMe } from '../../api/auth';
import { capabilityGroups } from '../../capabilities';
import { formatDate } from '../../components/format';
import { ErrorAlert } from '../../components/QueryStatus';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { formatValue, METRIC_LABELS, marginText, reportable, TARGET_STATUS } from '../analytics/format';
import { type Few, type Home, useHome } from './api';

interface SectionProps {
  title: string;
  icon: ReactNode;
  /** A count beside the title, e.g. "3 waiting" (nothing when zero). */
  badge?: { label: string; color: string } | null;
  link?: { to: string; label: string };
  children: ReactNode;
}

/** One card of the home page: a titled list with a link to the page where the work is done. */
function Section({ title, icon, badge, link, children }: SectionProps) {
  const headingId = `home-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            <ThemeIcon variant="light" size={30} radius="md" aria-hidden>
              {icon}
            </ThemeIcon>
            <Title order={2} size="h4" id={headingId}>
              {title}
            </Title>
            {badge && (
              <Badge color={badge.color} variant="light">
                {badge.label}
              </Badge>
            )}
          </Group>
          {link && (
            <Anchor component={RouterLink} to={link.to} size="sm">
              {link.label}
            </Anchor>
          )}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}

const Quiet = ({ children }: { children: ReactNode }) => (
  <Text size="sm" c="dimmed">
    {children}
  </Text>
);

/** "Showing 5 of 12" under a list that shows only the first few. */
function MoreNote({ list, noun }: { list: Few<unknown>; noun: string }) {
  if (list.total <= list.items.length) return null;
  return (
    <Text size="xs" c="dimmed">
      Showing {list.items.length} of {list.more ? 'at least ' : ''}
      {list.total} {noun}.
    </Text>
  );
}

function Acknowledgements({ home }: { home: Home }) {
  const list = home.acknowledgements;
  return (
    <Section
      title="To acknowledge"
      icon={<IconCompass size={18} />}
      badge={list.total > 0 ? { label: `${list.total} waiting`, color: 'orange' } : null}
      link={{ to: '/strategy?tab=for-you', label: 'Open strategy' }}
    >
      {list.items.length === 0 ? (
        <Quiet>You are up to date: nothing from the strategy waits for you.</Quiet>
      ) : (
        <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {list.items.map((a) => (
            <li key={a.id}>
              <Anchor component={RouterLink} to={`/strategy?announcement=${a.id}`} fw={600}>
                {a.title}
              </Anchor>
              <Text size="xs" c="dimmed">
                {a.kind === 'priority' ? 'Priority' : a.kind === 'strategy' ? 'Strategy' : 'Announcement'}{' '}
                from {a.publishedBy?.name ?? 'the organisation'}, {formatDate(a.publishedAt)}
                {a.quiz ? ' · with a short quiz' : ''}
              </Text>
            </li>
          ))}
        </Stack>
      )}
      <MoreNote list={list} noun="announcements" />
    </Section>
  );
}

function Cases({ home }: { home: Home }) {
  const list = home.cases;
  return (
    <Section
      title="My open cases"
      icon={<IconLifebuoy size={18} />}
      badge={list.overdue > 0 ? { label: `${list.overdue} overdue`, color: 'red' } : null}
      link={{ to: '/cases', label: 'All cases' }}
    >
      {list.items.length === 0 ? (
        <Quiet>No open cases are yours. Every unhappy customer you own has been followed up.</Quiet>
      ) : (
        <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {list.items.map((c) => (
            <li key={c.id}>
              <Group gap="xs" wrap="nowrap">
                <Anchor component={RouterLink} to={`/cases/${c.id}`} fw={600} lineClamp={1}>
                  {c.customer?.name ?? 'Customer'}: {c.reason}
                </Anchor>
                {c.overdue && (
                  <Badge color="red" size="sm" variant="light">
                    Overdue
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed">
                {c.status === 'new'
                  ? `Contact by ${formatDate(c.firstContactDue)}`
                  : `Resolve by ${formatDate(c.resolutionDue)}`}
              </Text>
            </li>
          ))}
        </Stack>
      )}
      <MoreNote list={list} noun="cases" />
    </Section>
  );
}

function Training({ home }: { home: Home }) {
  const list = home.training;
  return (
    <Section
      title="Training due"
      icon={<IconSchool size={18} />}
      badge={list.overdue > 0 ? { label: `${list.overdue} overdue`, color: 'red' } : null}
      link={{ to: '/training', label: 'My training' }}
    >
      {list.items.length === 0 ? (
        <Quiet>No training is assigned to you right now.</Quiet>
      ) : (
        <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {list.items.map((a) => (
            <li key={a.id}>
              <Group gap="xs" wrap="nowrap">
                <Anchor component={RouterLink} to={`/training/modules/${a.moduleId}`} fw={600}>
                  {a.moduleTitle}
                </Anchor>
                {a.status === 'overdue' && (
                  <Badge color="red" size="sm" variant="light">
                    Overdue
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed">
                {a.moduleKind === 'commitment' ? 'Commitment' : 'Competency'} · about {a.estimatedMinutes} min
                {a.dueDate ? ` · due ${formatDate(a.dueDate)}` : ''}
              </Text>
            </li>
          ))}
        </Stack>
      )}
      <MoreNote list={list} noun="modules" />
    </Section>
  );
}

function FeedbackForMe({ home }: { home: Home }) {
  const list = home.feedback;
  return (
    <Section
      title="Feedback for me"
      icon={<IconMessageDots size={18} />}
      badge={list.unacknowledged > 0 ? { label: `${list.unacknowledged} new`, color: 'blue' } : null}
      link={{ to: '/feedback', label: 'Feedback & coaching' }}
    >
      {list.items.length === 0 ? (
        <Quiet>No feedback in the last 30 days. Feedback is your right: ask your manager for some.</Quiet>
      ) : (
        <Stack gap="xs">
          {list.items.map((f) => (
            <div key={f.id}>
              <Group gap="xs">
                <Text size="sm" fw={600}>
                  {f.giver.name}
                </Text>
                <Badge size="sm" variant="light" color={f.kind === 'praise' ? 'teal' : 'yellow'}>
                  {f.kind === 'praise' ? 'Praise' : 'To improve'}
                </Badge>
                {f.acknowledgedAt === null && (
                  <Badge size="sm" variant="outline">
                    New
                  </Badge>
                )}
              </Group>
              <Text size="sm" lineClamp={2}>
                {f.message}
              </Text>
            </div>
          ))}
        </Stack>
      )}
      <MoreNote list={list} noun="pieces of feedback" />
    </Section>
  );
}

function Praise({ home }: { home: Home }) {
  const empty = home.praise.length === 0 && home.kudos.length === 0;
  return (
    <Section
      title="Praise for me"
      icon={<IconHeart size={18} />}
      link={{ to: '/recognition/me', label: 'My recognition' }}
    >
      {empty ? (
        <Quiet>No praise or kudos in the last 30 days yet.</Quiet>
      ) : (
        <Stack gap="xs">
          {home.praise.map((p) => (
            <Blockquote
              key={p.id}
              p="xs"
              color="teal"
              cite={`— ${p.customerName ?? 'A customer'}, ${formatDate(p.praisedAt)}`}
            >
              <Text size="sm">{p.quote}</Text>
            </Blockquote>
          ))}
          {home.kudos.map((k) => (
            <div key={k.id}>
              <Text size="sm">
                <Text span fw={600}>
                  {k.from?.name ?? 'Someone'}
                </Text>{' '}
                {k.kind === 'effort' ? 'recognised your effort' : 'celebrated your success'}:
              </Text>
              <Text size="sm" c="dimmed" lineClamp={2}>
                “{k.text}”
              </Text>
            </div>
          ))}
        </Stack>
      )}
    </Section>
  );
}

function TargetRows({ targets }: { targets: Target[] }) {
  return targets.map((t) => (
    <Table.Tr key={t.id}>
      <Table.Td>
        {t.name ?? METRIC_LABELS[t.metric]}
        <Text size="xs" c="dimmed">
          {METRIC_LABELS[t.metric]} {t.comparator === '>=' ? '≥' : '≤'} {formatValue(t.metric, t.value)} by{' '}
          {formatDate(t.dueDate)}
        </Text>
      </Table.Td>
      <Table.Td>
        {reportable(t.current) ? (
          <>
            {formatValue(t.metric, t.current.value)}{' '}
            <Text span size="xs" c="dimmed">
              {marginText(t.current)} (n = {t.current.n})
            </Text>
          </>
        ) : (
          <Text span size="sm" c="dimmed">
            Too few responses (n = {t.current.n})
          </Text>
        )}
      </Table.Td>
      <Table.Td miw={150}>
        <Badge variant="light" color={TARGET_STATUS[t.status].color}>
          {TARGET_STATUS[t.status].label}
        </Badge>
      </Table.Td>
    </Table.Tr>
  ));
}

function Targets({ home }: { home: Home }) {
  const groups = [
    ...home.teams.map((t) => ({ key: t.id, label: t.name, targets: t.targets })),
    { key: 'org', label: 'Organisation', targets: home.organisationTargets },
  ].filter((g) => g.targets.length > 0);
  return (
    <Section
      title="Where we stand"
      icon={<IconTarget size={18} />}
      link={{ to: '/strategy', label: 'Strategy' }}
    >
      {groups.length === 0 ? (
        <Quiet>No targets are set for your team or the organisation yet.</Quiet>
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Target</Table.Th>
                <Table.Th>Now (last 3 months)</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            {groups.map((g) => (
              <Table.Tbody key={g.key}>
                <Table.Tr>
                  <Table.Th colSpan={3} scope="colgroup">
                    {g.label}
                  </Table.Th>
                </Table.Tr>
                <TargetRows targets={g.targets} />
              </Table.Tbody>
            ))}
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}

function HomeSkeleton() {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} aria-busy="true" aria-label="Loading what matters to you today">
      {Array.from({ length: 4 }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders never reorder
        <Skeleton key={index} height={140} radius="md" />
      ))}
    </SimpleGrid>
  );
}

/** The home page: what matters to me today, then every capability for those who explore. */
export function HomePage() {
  useDocumentTitle('Home');
  const me = useMe();
  const home = useHome();
  if (!me.data) return null;
  const { employee, org } = me.data;
  const isAdmin = employee.role === 'admin';
  const cards = capabilityGroups
    .filter((group) => !group.adminOnly || isAdmin)
    .flatMap((group) => group.items)
    .filter((item) => item.path !== '/');

  return (
    <Stack gap="xl">
      <Stack gap={4}>
        <Title order={1} size="h2">
          Welcome, {employee.preferredName ?? employee.name}
        </Title>
        <Text c="dimmed">What matters to you today at {org.name}.</Text>
      </Stack>

      {home.isPending ? (
        <HomeSkeleton />
      ) : home.error ? (
        <ErrorAlert error={home.error} title="Could not load your day" onRetry={() => home.refetch()} />
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Acknowledgements home={home.data} />
          <Cases home={home.data} />
          <Training home={home.data} />
          <FeedbackForMe home={home.data} />
          <Praise home={home.data} />
          <Targets home={home.data} />
        </SimpleGrid>
      )}

      <section aria-labelledby="capabilities-heading">
        <Title order={2} size="h4" mb="sm" id="capabilities-heading">
          Everything in Serviceloop
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {cards.map((item) => (
            <Card key={item.path} withBorder radius="md" padding="md" component={RouterLink} to={item.path}>
              <Group gap="sm" wrap="nowrap" align="flex-start">
                <ThemeIcon variant="light" size={36} radius="md" aria-hidden>
                  <item.icon size={20} />
                </ThemeIcon>
                <Stack gap={2}>
                  <Group gap="xs">
                    <Text fw={600}>{item.label}</Text>
                    {!item.built && (
                      <Text size="xs" c="dimmed">
                        (coming soon)
                      </Text>
                    )}
                  </Group>
                  <Text size="sm" c="dimmed" lineClamp={3}>
                    {item.description}
                  </Text>
                </Stack>
              </Group>
            </Card>
          ))}
        </SimpleGrid>
      </section>
    </Stack>
  );
}
