import { Anchor, Button, Popover, Stack, Switch, Text } from '@mantine/core';
import { IconSettings } from '@tabler/icons-react';
import { errorMessage } from '../../api/client';
import { type RecognitionSettings, useRecognitionSettings, useUpdateRecognitionSettings } from './api';

type Toggle = keyof Pick<
  RecognitionSettings,
  | 'publicWallEnabled'
  | 'celebrateFirstPromoter'
  | 'celebrateAnniversaries'
  | 'celebrateTeamTargets'
  | 'celebrateRecoveries'
>;

const CELEBRATION_TOGGLES: { key: Toggle; label: string }[] = [
  { key: 'celebrateFirstPromoter', label: 'A person’s first promoter' },
  { key: 'celebrateAnniversaries', label: 'Work anniversaries' },
  { key: 'celebrateTeamTargets', label: 'A team reaching its target' },
  { key: 'celebrateRecoveries', label: 'A customer recovered' },
];

/** For leaders: the public page of stories and which milestones are celebrated on the wall. */
export function WallSettings({ orgSlug }: { orgSlug: string }) {
  const settings = useRecognitionSettings();
  const update = useUpdateRecognitionSettings();
  const s = settings.data;
  const toggle = (key: Toggle, label: string, description?: string) => (
    <Switch
      key={key}
      label={label}
      description={description}
      checked={s?.[key] ?? false}
      disabled={!s || update.isPending}
      onChange={(e) => update.mutate({ [key]: e.currentTarget.checked })}
    />
  );
  return (
    <Popover width={340} position="bottom-end" shadow="md" trapFocus>
      <Popover.Target>
        <Button variant="default" leftSection={<IconSettings size={16} aria-hidden />}>
          Wall settings
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="sm">
          {toggle(
            'publicWallEnabled',
            'Public page of stories',
            'Stories you publish (kudos, and customer praise the customer consented to share) appear on a public page, colleagues by first name only.',
          )}
          {s?.publicWallEnabled && (
            <Anchor href={`/stories/${orgSlug}`} target="_blank" size="sm">
              Open the public page
            </Anchor>
          )}
          <Text size="sm" fw={600} mt="xs">
            Celebrate on the wall
          </Text>
          {CELEBRATION_TOGGLES.map((t) => toggle(t.key, t.label))}
          {update.isError && (
            <Text size="sm" c="red" role="alert">
              {errorMessage(update.error)}
            </Text>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
