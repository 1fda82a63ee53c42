import { describe, expect, it } from "vitest";
import type { Role } from "../types/api";
import {
  colorToHex,
  hexToColor,
  highestPosition,
  mayMove,
  moveItem,
  outranks,
  positionChanges,
  rolesHighestFirst,
} from "./roleOrder";

const role = (id: number, position: number, name = `r${id}`): Role => ({
  id,
  name,
  color: 0,
  position,
  permissions: "0",
  hoist: false,
  mentionable: false,
});

const SERVER = 7;
const roles = [role(SERVER, 0, "@everyone"), role(11, 1), role(12, 3), role(13, 2)];

describe("role order", () => {
  it("lists roles highest first without @everyone", () => {
    expect(rolesHighestFirst(roles, SERVER).map((r) => r.id)).toEqual([12, 13, 11]);
  });

  it("finds the highest position a member holds", () => {
    expect(highestPosition(roles, [11, 13])).toBe(2);
    expect(highestPosition(roles, [])).toBe(0);
    expect(highestPosition(roles, [999])).toBe(0);
  });

  it("lets one act only strictly below one's highest role; the owner outranks all", () => {
    expect(outranks({ isOwner: false, highest: 2 }, 1)).toBe(true);
    expect(outranks({ isOwner: false, highest: 2 }, 2)).toBe(false);
    expect(outranks({ isOwner: false, highest: 2 }, 3)).toBe(false);
    expect(outranks({ isOwner: true, highest: 0 }, 3)).toBe(true);
  });

  it("moves an item and ignores moves out of range", () => {
    expect(moveItem(["a", "b", "c"], 0, 2)).toEqual(["b", "c", "a"]);
    expect(moveItem(["a", "b", "c"], 2, 0)).toEqual(["c", "a", "b"]);
    expect(moveItem(["a", "b", "c"], 1, 3)).toEqual(["a", "b", "c"]);
  });

  it("sends only the positions that change, the bottom role being 1", () => {
    const order = rolesHighestFirst(roles, SERVER); // 12(3) 13(2) 11(1)
    expect(positionChanges(order)).toEqual([]);
    const swapped = moveItem(order, 2, 1); // 12 11 13
    expect(positionChanges(swapped)).toEqual([
      { id: 11, position: 2 },
      { id: 13, position: 1 },
    ]);
    expect(positionChanges(moveItem(order, 0, 2))).toEqual([
      { id: 13, position: 3 },
      { id: 11, position: 2 },
      { id: 12, position: 1 },
    ]);
  });

  it("refuses moves that touch a role at or above the caller's highest", () => {
    const order = rolesHighestFirst(roles, SERVER); // positions 3, 2, 1
    const rank = { isOwner: false, highest: 3 };
    expect(mayMove(order, 2, 1, rank)).toBe(true); // 1 <-> 2, both below 3
    expect(mayMove(order, 1, 0, rank)).toBe(false); // would pass the caller's own role
    expect(mayMove(order, 0, 1, rank)).toBe(false); // the caller's own role
    expect(mayMove(order, 1, 1, rank)).toBe(false);
    expect(mayMove(order, 0, 2, { isOwner: true, highest: 0 })).toBe(true);
    expect(mayMove(order, 0, 3, { isOwner: true, highest: 0 })).toBe(false);
  });

  it("converts colours both ways", () => {
    expect(colorToHex(0)).toBe("#000000");
    expect(colorToHex(0x3498db)).toBe("#3498db");
    expect(hexToColor("#3498DB")).toBe(0x3498db);
    expect(hexToColor("3498db")).toBe(0x3498db);
    expect(hexToColor("#12345")).toBeNull();
  });
});
