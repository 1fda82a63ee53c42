import { describe, expect, it } from "vitest";
import { ApiError, NetworkError } from "../services/apiErrors";
import { actionMessage } from "./useAction";

describe("actionMessage", () => {
  it("says what the server said about a refused change", () => {
    expect(
      actionMessage(
        new ApiError(403, { detail: "You do not have permission to perform this action." }),
      ),
    ).toBe("You do not have permission to perform this action.");
    expect(
      actionMessage(
        new ApiError(400, { name: ["Ensure this field has no more than 100 characters."] }),
      ),
    ).toBe("name: Ensure this field has no more than 100 characters.");
    expect(actionMessage(new ApiError(400, { allow: ["Unknown bits."], deny: "Bad." }))).toBe(
      "allow: Unknown bits. deny: Bad.",
    );
    expect(actionMessage(new ApiError(404, { detail: "Not found." }))).toBe("Not found.");
    expect(actionMessage(new ApiError(405, null))).toBe("This server does not support that yet.");
    expect(actionMessage(new NetworkError())).toMatch(/Can't reach the server/);
  });
});
