import { Badge, Stack, Tabs, Text } from '@mantine/core';
import { IconCompass } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { EmptyPanel } from '../../components/EmptyPanel';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { Announcements } from './Announcements';
import { useAnnouncements, useStrategyPage } from './api';
import { DraftEditor } from './DraftEditor';
import { ForYou } from './ForYou';
import { History } from './History';
import { StrategyView } from './StrategyView';

const TABS = ['strategy', 'for-you', 'edit', 'history', 'announcements'] as const;
type Tab = (typeof TABS)[number];

/**
 * The living strategy: everyone reads the current version and acknowledges what is asked of them;
 * leaders edit the draft, publish versions, compare them, announce and follow the reach.
 */
export function StrategyPage() {
  const page = useStrategyPage();
  const pending = useAnnouncements('pending');
  const [params, setParams] = useSearchParams();
  const pendingCount = pending.data?.length ?? 0;
  // A reminder email links to ?announcement=<id>: open what asks for acknowledgement.
  const requested = params.get('tab') ?? (params.get('announcement') ? 'for-you' : null);
  const canManage = page.data?.canManage ?? false;
  // Open on what waits for the reader, once: acknowledging it must not switch the tab away.
  const [opening, setOpening] = useState<Tab | null>(null);
  useEffect(() => {
    if (opening === null && pending.data) setOpening(pending.data.length > 0 ? 'for-you' : 'strategy');
  }, [opening, pending.data]);
  const allowed = (t: string): t is Tab =>
    (TABS as readonly string[]).includes(t) && (canManage || !['edit', 'announcements'].includes(t));
  const tab: Tab = requested && allowed(requested) ? requested : (opening ?? 'strategy');
  const current = page.data?.current ?? null;

  return (
    <Stack gap={0}>
      <PageHeader
        title="Strategy"
        description={
          current
            ? `Version ${current.number}, published ${formatDateTime(current.publishedAt)}${current.publishedBy ? ` by ${current.publishedBy.name}` : ''}.`
            : 'Where we are going, who we serve, the trade-offs we make and our priorities.'
        }
      />
      {page.isPending ? (
        <TableSkeleton label="Loading the strategy" />
      ) : page.error ? (
        <ErrorAlert error={page.error} onRetry={() => page.refetch()} />
      ) : (
        <Tabs value={tab} onChange={(value) => setParams(value ? { tab: value } : {})} keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="strategy">Our strategy</Tabs.Tab>
            <Tabs.Tab
              value="for-you"
              rightSection={
                pendingCount > 0 ? (
                  <Badge size="sm" circle aria-label={`${pendingCount} waiting for you`}>
                    {pendingCount}
                  </Badge>
                ) : null
              }
            >
              For you
            </Tabs.Tab>
            {canManage && <Tabs.Tab value="edit">Edit draft</Tabs.Tab>}
            <Tabs.Tab value="history">History</Tabs.Tab>
            {canManage && <Tabs.Tab value="announcements">Announcements & reach</Tabs.Tab>}
          </Tabs.List>
          <Tabs.Panel value="strategy">
            {current ? (
              <Stack gap="xs">
                {current.note && (
                  <Text size="sm" c="dimmed">
                    What changed in this version: {current.note}
                  </Text>
                )}
                <StrategyView strategy={current.strategy} />
              </Stack>
            ) : (
              <EmptyPanel
                icon={<IconCompass aria-hidden />}
                title="No strategy published yet"
                description={
                  canManage
                    ? 'Write the vision, the customers you serve and those you will not, your trade-offs and priorities in the draft, then publish it.'
                    : 'Your leaders have not published the strategy yet.'
                }
              />
            )}
          </Tabs.Panel>
          <Tabs.Panel value="for-you">
            <ForYou />
          </Tabs.Panel>
          {canManage && page.data.draft && (
            <Tabs.Panel value="edit">
              <DraftEditor
                key={`${page.data.draft.basedOnVersion}-${page.data.draft.updatedAt}`}
                draft={page.data.draft}
              />
            </Tabs.Panel>
          )}
          <Tabs.Panel value="history">
            <History />
          </Tabs.Panel>
          {canManage && (
            <Tabs.Panel value="announcements">
              <Announcements strategy={current?.strategy ?? null} />
            </Tabs.Panel>
          )}
        </Tabs>
      )}
    </Stack>
  );
}
