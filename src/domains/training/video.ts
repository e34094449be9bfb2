/**
 * Which videos a module may embed: only https players on an allow-list, so a catalogue editor
 * cannot put an arbitrary page in an iframe. Watch links of the same hosts become their embed
 * (YouTube through its no-cookie domain); anything else is shown as a plain link.
 */
const YOUTUBE_ID = /^[A-Za-z0-9_-]{6,20}$/;
const VIMEO_ID = /^\d{1,12}$/;

export function videoEmbedOf(videoUrl: string | null): string | null {
  if (!videoUrl) return null;
  let url: URL;
  try {
    url = new URL(videoUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return null;
  const host = url.hostname.toLowerCase();
  const parts = url.pathname.split('/').filter(Boolean);
  const youtube = (id: string | null | undefined) =>
    id && YOUTUBE_ID.test(id) ? `https://www.youtube-nocookie.com/embed/${id}` : null;
  const vimeo = (id: string | undefined) =>
    id && VIMEO_ID.test(id) ? `https://player.vimeo.com/video/${id}` : null;
  switch (host) {
    case 'www.youtube-nocookie.com':
    case 'youtube-nocookie.com':
    case 'www.youtube.com':
    case 'youtube.com':
      if (parts[0] === 'embed') return youtube(parts[1]);
      if (parts[0] === 'watch') return youtube(url.searchParams.get('v'));
      return null;
    case 'youtu.be':
      return youtube(parts[0]);
    case 'player.vimeo.com':
      return parts[0] === 'video' ? vimeo(parts[1]) : null;
    case 'vimeo.com':
    case 'www.vimeo.com':
      return vimeo(parts[0]);
    default:
      return null;
  }
}
