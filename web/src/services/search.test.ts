import { describe, expect, it } from "vitest";
import { resultCount, searchable, searchPath } from "./search";
import type { SearchFilters } from "./search";

const base: SearchFilters = { q: "", scope: "server", has: "", authorId: null, mentionsId: null };

describe("search requests", () => {
  it("asks the server route with every filter set, and the channel route in channel scope", () => {
    const filters: SearchFilters = { ...base, q: "  hello world ", has: "link", authorId: 7 };
    expect(searchPath(filters, { serverId: 3, channelId: 9 })).toBe(
      "/api/servers/3/messages/search/?q=hello+world&has=link&author_id=7&limit=25",
    );
    expect(
      searchPath(
        { ...base, q: "x", scope: "channel", mentionsId: 2 },
        { serverId: 3, channelId: 9 },
        50,
      ),
    ).toBe("/api/channels/9/messages/search/?q=x&mentions=2&limit=25&offset=50");
    // A DM has no server: always the channel route.
    expect(searchPath({ ...base, q: "x" }, { serverId: null, channelId: 4 })).toBe(
      "/api/channels/4/messages/search/?q=x&limit=25",
    );
  });

  it("keeps query syntax as text (encoded, never interpreted)", () => {
    expect(searchPath({ ...base, q: '"NEAR(a b)" -c*' }, { serverId: 1, channelId: 2 })).toBe(
      "/api/servers/1/messages/search/?q=%22NEAR%28a+b%29%22+-c*&limit=25",
    );
  });

  it("searches only when something is asked", () => {
    expect(searchable(base)).toBe(false);
    expect(searchable({ ...base, q: "   " })).toBe(false);
    expect(searchable({ ...base, q: "a" })).toBe(true);
    expect(searchable({ ...base, has: "attachment" })).toBe(true);
    expect(searchable({ ...base, mentionsId: 1 })).toBe(true);
  });

  it("says how many were found", () => {
    expect(resultCount(0)).toBe("No results");
    expect(resultCount(1)).toBe("1 result");
    expect(resultCount(3)).toBe("3 results");
  });
});
