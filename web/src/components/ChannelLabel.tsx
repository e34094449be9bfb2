import { Group, Text } from '@mantine/core';
import {
  type Icon,
  IconMail,
  IconMapPin,
  IconMessageCircle,
  IconPhone,
  IconShoppingCart,
  IconUser,
} from '@tabler/icons-react';
import { CHANNEL_LABELS, type InteractionChannel } from '../api/types';

const CHANNEL_ICONS: Record<InteractionChannel, Icon> = {
  email: IconMail,
  phone: IconPhone,
  chat: IconMessageCircle,
  in_person: IconUser,
  field_visit: IconMapPin,
  order: IconShoppingCart,
};

/** An interaction's channel as an icon and a word (the icon is decoration; the word carries the meaning). */
export function ChannelLabel({ channel, size = 'sm' }: { channel: InteractionChannel; size?: 'sm' | 'md' }) {
  const ChannelIcon = CHANNEL_ICONS[channel] ?? IconMessageCircle;
  return (
    <Group gap={6} wrap="nowrap" component="span">
      <ChannelIcon size={size === 'sm' ? 16 : 18} aria-hidden style={{ flexShrink: 0 }} />
      <Text span size={size}>
        {CHANNEL_LABELS[channel] ?? channel}
      </Text>
    </Group>
  );
}
