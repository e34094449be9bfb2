import { Anchor, AspectRatio, List, Stack, Text, Title } from '@mantine/core';
import type { TrainingModule } from './api';

type Block =
  | { type: 'heading'; text: string }
  | { type: 'list'; items: string[] }
  | { type: 'paragraph'; text: string };

/**
 * A module's body is plain text: blank lines separate paragraphs, `# ` starts a heading and `- `
 * a list item. It is rendered as React text, never as HTML, so nothing in it can run.
 */
export function blocksOf(body: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of body.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = chunk.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) continue;
    if (lines.every((l) => /^\s*[-*] /.test(l))) {
      blocks.push({ type: 'list', items: lines.map((l) => l.replace(/^\s*[-*] /, '')) });
    } else if (lines.length === 1 && lines[0]?.startsWith('# ')) {
      blocks.push({ type: 'heading', text: lines[0].slice(2) });
    } else {
      blocks.push({ type: 'paragraph', text: lines.join('\n') });
    }
  }
  return blocks;
}

export function ModuleContent({ module }: { module: TrainingModule }) {
  return (
    <Stack gap="md">
      {module.videoEmbedUrl ? (
        <AspectRatio ratio={16 / 9} maw={800}>
          <iframe
            src={module.videoEmbedUrl}
            title={`Video: ${module.title}`}
            style={{ border: 0, borderRadius: 8 }}
            allow="encrypted-media; picture-in-picture; fullscreen"
            sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"
            referrerPolicy="strict-origin-when-cross-origin"
            loading="lazy"
          />
        </AspectRatio>
      ) : (
        module.videoUrl && (
          <Text>
            Video:{' '}
            <Anchor href={module.videoUrl} target="_blank" rel="noopener noreferrer">
              {module.videoUrl}
            </Anchor>
          </Text>
        )
      )}
      {blocksOf(module.body).map((block, i) => {
        const key = `${block.type}-${i}`;
        if (block.type === 'heading')
          return (
            <Title key={key} order={2} size="h4">
              {block.text}
            </Title>
          );
        if (block.type === 'list')
          return (
            <List key={key} spacing={4}>
              {block.items.map((item, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the body's lines never reorder
                <List.Item key={j}>{item}</List.Item>
              ))}
            </List>
          );
        return (
          <Text key={key} style={{ whiteSpace: 'pre-line' }} maw={720}>
            {block.text}
          </Text>
        );
      })}
      {module.links.length > 0 && (
        <Stack gap={4}>
          <Title order={2} size="h5">
            Links
          </Title>
          <List spacing={4}>
            {module.links.map((link) => (
              <List.Item key={link.url}>
                <Anchor href={link.url} target="_blank" rel="noopener noreferrer">
                  {link.label}
                </Anchor>
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
    </Stack>
  );
}
