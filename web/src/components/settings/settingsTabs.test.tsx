import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ALL_PERMISSIONS, PERMISSION } from "../../services/permissionBits";
import { OverwriteEditor } from "./OverwriteEditor";
import { PermissionSwitches } from "./PermissionSwitches";
import { SETTINGS_TABS } from "./ServerSettingsDialog";

afterEach(cleanup);

const tabsFor = (bits: bigint) => SETTINGS_TABS.filter((t) => t.allowed(bits)).map((t) => t.key);

describe("server settings tabs", () => {
  it("offers each tab only to those whose bits allow it", () => {
    expect(tabsFor(ALL_PERMISSIONS)).toEqual([
      "overview",
      "roles",
      "members",
      "bans",
      "invites",
      "audit-log",
    ]);
    expect(tabsFor(PERMISSION.ADMINISTRATOR)).toHaveLength(6);
    expect(tabsFor(PERMISSION.CREATE_INSTANT_INVITE)).toEqual(["invites"]);
    expect(tabsFor(PERMISSION.KICK_MEMBERS)).toEqual(["members"]);
    expect(tabsFor(PERMISSION.BAN_MEMBERS)).toEqual(["members", "bans"]);
    expect(tabsFor(PERMISSION.MANAGE_ROLES)).toEqual(["roles", "members"]);
    expect(tabsFor(PERMISSION.VIEW_AUDIT_LOG)).toEqual(["audit-log"]);
    expect(tabsFor(PERMISSION.MANAGE_GUILD)).toEqual(["overview", "invites"]);
    expect(tabsFor(PERMISSION.VIEW_CHANNEL | PERMISSION.SEND_MESSAGES)).toEqual([]);
  });
});

describe("OverwriteEditor", () => {
  it("sets a bit to deny, allow or inherit, and disables bits one lacks", () => {
    const onChange = vi.fn();
    render(
      <OverwriteEditor
        allow={PERMISSION.SEND_MESSAGES}
        deny={0n}
        grantable={PERMISSION.VIEW_CHANNEL | PERMISSION.SEND_MESSAGES}
        onChange={onChange}
      />,
    );
    const view = screen.getByRole("group", { name: "View channels" });
    expect(within(view).getByRole("button", { name: "Inherit" }).getAttribute("aria-pressed")).toBe(
      "true",
    );
    fireEvent.click(within(view).getByRole("button", { name: "Deny" }));
    expect(onChange).toHaveBeenLastCalledWith({
      allow: PERMISSION.SEND_MESSAGES,
      deny: PERMISSION.VIEW_CHANNEL,
    });
    const send = screen.getByRole("group", { name: "Send messages" });
    expect(within(send).getByRole("button", { name: "Allow" }).getAttribute("aria-pressed")).toBe(
      "true",
    );
    fireEvent.click(within(send).getByRole("button", { name: "Inherit" }));
    expect(onChange).toHaveBeenLastCalledWith({ allow: 0n, deny: 0n });
    const attach = screen.getByRole("group", { name: "Attach files" });
    expect(within(attach).getByRole("button", { name: "Allow" })).toHaveProperty("disabled", true);
    expect(screen.queryByRole("group", { name: "Administrator" })).toBeNull();
  });
});

describe("PermissionSwitches", () => {
  it("is one labelled switch per bit, those one lacks disabled", () => {
    const onChange = vi.fn();
    render(
      <PermissionSwitches
        value={PERMISSION.VIEW_CHANNEL}
        grantable={PERMISSION.VIEW_CHANNEL | PERMISSION.KICK_MEMBERS}
        onChange={onChange}
      />,
    );
    expect(screen.getAllByRole("switch")).toHaveLength(16);
    const kick = screen.getByRole("switch", { name: /^Kick members/ });
    fireEvent.click(kick);
    expect(onChange).toHaveBeenLastCalledWith(PERMISSION.VIEW_CHANNEL | PERMISSION.KICK_MEMBERS);
    expect(screen.getByRole("switch", { name: /^Ban members/ })).toHaveProperty("disabled", true);
    expect(screen.getByRole("switch", { name: /^View channels/ })).toHaveProperty("checked", true);
  });
});
