import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { ServerMember } from "../../types/api";
import { MemberList } from "./MemberList";

const member = (id: number, username: string, status: ServerMember["status"]): ServerMember => ({
  user: { id, username },
  roles: [],
  joined_at: "2026-12-01T10:00:00.000000Z",
  status,
});

afterEach(cleanup);

describe("MemberList", () => {
  it("is the region Members, online first, each member announcing its status", () => {
    render(
      <MemberList
        list={{
          members: [
            member(1, "alice", "online"),
            member(2, "bob", "offline"),
            member(3, "carol", "dnd"),
            member(4, "dave", "idle"),
          ],
          live: new Map([[2, "online"]]),
          loading: false,
          error: null,
        }}
      />,
    );
    const region = screen.getByRole("region", { name: "Members" });
    const online = within(region).getByRole("list", { name: "Online" });
    expect(within(region).getByRole("heading", { name: "Online — 4" })).toBeTruthy();
    const rows = within(online).getAllByRole("listitem");
    expect(rows.map((row) => row.lastElementChild?.textContent)).toEqual([
      "alice",
      "bob",
      "carol",
      "dave",
    ]);
    expect(rows.map((row) => within(row).getByRole("img").getAttribute("aria-label"))).toEqual([
      "Online",
      "Online",
      "Do not disturb",
      "Idle",
    ]);
    expect(within(region).queryByRole("list", { name: "Offline" })).toBeNull();
  });

  it("shows offline members in their own group", () => {
    render(
      <MemberList
        list={{
          members: [member(5, "erin", "offline")],
          live: new Map(),
          loading: false,
          error: null,
        }}
      />,
    );
    const offline = screen.getByRole("list", { name: "Offline" });
    expect(within(offline).getByRole("img", { name: "Offline" })).toBeTruthy();
    expect(within(offline).getByText("erin")).toBeTruthy();
  });

  it("says why when the list cannot be read", () => {
    render(
      <MemberList list={{ members: [], live: new Map(), loading: false, error: "Server down" }} />,
    );
    expect(screen.getByText("Server down")).toBeTruthy();
  });

  it("shows a hoisted role's group above Online, and a menu button for others only", () => {
    const role = {
      id: 77,
      name: "Moderators",
      color: 0,
      position: 1,
      permissions: "0",
      hoist: true,
      mentionable: false,
    };
    render(
      <MemberList
        myUserId={1}
        list={{
          members: [{ ...member(1, "alice", "online"), roles: [77] }, member(2, "bob", "online")],
          live: new Map(),
          roles: [role],
          loading: false,
          error: null,
        }}
      />,
    );
    const headings = screen.getAllByRole("heading").map((h) => h.textContent);
    expect(headings).toEqual(["Moderators — 1", "Online — 1"]);
    const moderators = screen.getByRole("list", { name: "Moderators" });
    expect(within(moderators).getByText("alice")).toBeTruthy();
    // Me: no menu; bob: a button that opens his menu.
    expect(within(moderators).queryByRole("button")).toBeNull();
    const online = screen.getByRole("list", { name: "Online" });
    const bob = within(online).getByRole("button", { name: "bob" });
    expect(bob.getAttribute("aria-haspopup")).toBe("menu");
  });
});
