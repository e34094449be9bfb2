import { describe, expect, it } from 'vitest';
import { videoEmbedOf } from './video.ts';

describe('videoEmbedOf', () => {
  it('embeds YouTube through its no-cookie player and Vimeo through its player', () => {
    expect(videoEmbedOf('https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3')).toBe(
      'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
    );
    expect(videoEmbedOf('https://youtu.be/dQw4w9WgXcQ')).toBe(
      'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
    );
    expect(videoEmbedOf('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ')).toBe(
      'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
    );
    expect(videoEmbedOf('https://vimeo.com/76979871')).toBe('https://player.vimeo.com/video/76979871');
    expect(videoEmbedOf('https://player.vimeo.com/video/76979871')).toBe(
      'https://player.vimeo.com/video/76979871',
    );
  });

  it('embeds nothing that is not https on an allow-listed host with a plain id', () => {
    expect(videoEmbedOf('http://www.youtube.com/watch?v=dQw4w9WgXcQ')).toBeNull();
    expect(videoEmbedOf('https://evil.example/embed/dQw4w9WgXcQ')).toBeNull();
    expect(videoEmbedOf('https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ')).toBeNull();
    expect(videoEmbedOf('https://www.youtube.com/watch?v=%22%3E%3Cscript%3E')).toBeNull();
    expect(videoEmbedOf('https://user:pw@vimeo.com/76979871')).toBeNull();
    expect(videoEmbedOf('https://vimeo.com/channels/staff')).toBeNull();
    expect(videoEmbedOf('javascript:alert(1)')).toBeNull();
    expect(videoEmbedOf(null)).toBeNull();
  });
});
