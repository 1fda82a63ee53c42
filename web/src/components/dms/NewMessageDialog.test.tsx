import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AuthProvider } from "../../context/AuthContext";
import { jsonResponse } from "../../services/testResponses";
import type { DmChannel } from "../../types/api";
import { NewMessageDialog } from "./NewMessageDialog";

const PEOPLE = [
  { id: 2, username: "bob" },
  { id: 5, username: "bobby" },
];

/** A server behind fetch(): who is logged in, user search, and opening DMs. */
function fakeServer(open: (body: { recipients: number[]; name?: string }) => Response) {
  const posted: unknown[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = new URL(String(input), "http://parley.test");
    if (url.pathname === "/api/account/me/")
      return jsonResponse(200, { id: 1, username: "alice", date_joined: "", is_staff: false });
    if (url.pathname === "/api/users/search/") {
      const q = (url.searchParams.get("q") ?? "").toLowerCase();
      return jsonResponse(
        200,
        PEOPLE.filter((p) => p.username.startsWith(q)),
      );
    }
    if (url.pathname === "/api/users/@me/channels/" && init?.method === "POST") {
      const body = JSON.parse(String(init.body));
      posted.push(body);
      return open(body);
    }
    return jsonResponse(404, { detail: "Not found." });
  });
  return posted;
}

function renderDialog(onOpened: (dm: DmChannel) => void) {
  render(
    <MemoryRouter>
      <AuthProvider>
        <NewMessageDialog onClose={() => {}} onOpened={onOpened} />
      </AuthProvider>
    </MemoryRouter>,
  );
}

async function pick(name: string) {
  fireEvent.change(screen.getByRole("textbox", { name: "Find a user" }), {
    target: { value: name.toUpperCase() },
  });
  const results = await screen.findByRole("list", { name: "Search results" });
  const option = await waitFor(() => {
    const found = [...results.querySelectorAll<HTMLElement>("[role=button]")].find(
      (node) => node.textContent === name,
    );
    if (!found) throw new Error(`no result ${name}`);
    return found;
  });
  fireEvent.click(option);
}

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe("NewMessageDialog", () => {
  it("finds people by name, opens a 1:1 for one and a group for several", async () => {
    const dm: DmChannel = {
      id: 40,
      type: "group",
      name: "Trip",
      owner: 1,
      recipients: PEOPLE,
      last_message_id: null,
      last_seq: 0,
    };
    const posted = fakeServer(() => jsonResponse(201, dm));
    const onOpened = vi.fn();
    renderDialog(onOpened);
    expect(screen.getByRole("button", { name: "Open conversation" })).toHaveProperty(
      "disabled",
      true,
    );
    await pick("bob");
    expect(screen.getByRole("button", { name: "Open conversation" })).toHaveProperty(
      "disabled",
      false,
    );
    await pick("bobby");
    fireEvent.change(screen.getByRole("textbox", { name: "Group name (optional)" }), {
      target: { value: " Trip " },
    });
    fireEvent.click(screen.getByRole("button", { name: "Create group" }));
    await waitFor(() => expect(onOpened).toHaveBeenCalledWith(dm));
    expect(posted).toEqual([{ recipients: [2, 5], name: "Trip" }]);
  });

  it("says so when the person does not accept messages, and keeps the choice", async () => {
    fakeServer(() =>
      jsonResponse(403, { detail: "You do not have permission to perform this action." }),
    );
    const onOpened = vi.fn();
    renderDialog(onOpened);
    await pick("bob");
    fireEvent.click(screen.getByRole("button", { name: "Open conversation" }));
    await screen.findByText("This person doesn't accept messages from you.");
    expect(onOpened).not.toHaveBeenCalled();
    expect(screen.getByRole("button", { name: "Remove bob" })).toBeTruthy();
  });
});
