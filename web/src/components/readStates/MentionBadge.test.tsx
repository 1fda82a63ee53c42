import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { MentionBadge, unreadLabel } from "./MentionBadge";
import { NewMessagesDivider } from "./NewMessagesDivider";

describe("read-state marks", () => {
  it("announces N mentions and shows the number, capped at 100+", () => {
    const { rerender, container } = render(<MentionBadge count={3} />);
    expect(screen.getByRole("img", { name: "3 mentions" }).textContent).toBe("3");
    rerender(<MentionBadge count={100} />);
    expect(screen.getByRole("img", { name: "100 mentions" }).textContent).toBe("100+");
    rerender(<MentionBadge count={0} />);
    expect(container.textContent).toBe("");
  });

  it("names entries with unread and mentions", () => {
    expect(unreadLabel("general", false, 0)).toBe("general");
    expect(unreadLabel("general", true, 0)).toBe("general, unread");
    expect(unreadLabel("general", false, 2)).toBe("general, unread, 2 mentions");
  });

  it("marks where the new messages begin", () => {
    render(<NewMessagesDivider />);
    expect(screen.getByRole("separator", { name: "New messages" })).toBeTruthy();
  });
});
