// Placeholders for servers and users without an image: stable colours derived from the name,
// so the same server always gets the same colour and nothing is fetched from elsewhere.

const PALETTE = [
  "#5b5bd6",
  "#0f8f83",
  "#d9480f",
  "#c2255c",
  "#2b8a3e",
  "#1c7ed6",
  "#9c36b5",
  "#e67700",
];

function hash(text: string): number {
  let value = 0;
  for (const char of text) value = (value * 31 + char.codePointAt(0)!) >>> 0;
  return value;
}

export function avatarColor(name: string): string {
  return PALETTE[hash(name) % PALETTE.length];
}

/** Up to two letters: "Retro Arcade" → "RA", "bob" → "B". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[1]] : words;
  return letters.map((word) => [...word][0]?.toUpperCase() ?? "").join("") || "?";
}

export function bannerGradient(name: string): string {
  const first = PALETTE[hash(name) % PALETTE.length];
  const second = PALETTE[(hash(name) >>> 3) % PALETTE.length];
  return `linear-gradient(135deg, ${first} 0%, ${second === first ? "#1d1e26" : second} 100%)`;
}
