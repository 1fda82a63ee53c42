"""What one socket has received of one channel's events (SPEC §6): every seq after its base,
exactly once. A socket that reconnects keeps its tracker, so an event that neither the live
socket, its `after_seq` replay nor the events route delivered is counted as lost at the end."""


class ChannelSeqs:
    __slots__ = ("base", "high", "ahead", "received", "duplicates", "out_of_order", "last_frame",
                 "recovered_by_rest", "socket_gaps", "connection", "incidents")

    def __init__(self, base):
        self.base = base          # the channel's last_seq when this socket started following it
        self.high = base          # every seq in base+1..high has arrived
        self.ahead = set()        # arrived seqs above high+1 (a gap below them, not yet filled)
        self.received = 0         # distinct seqs above base
        self.duplicates = 0       # a seq that had already arrived, on a socket
        self.out_of_order = 0     # a seq not above the previous frame's on the same connection
        self.last_frame = None    # seq of the previous frame on the current connection
        self.recovered_by_rest = 0
        self.socket_gaps = 0      # a frame more than one seq above the previous on a connection
        self.connection = 0       # how many connections this tracker has seen
        self.incidents = []       # the first few duplicates and gaps, for the report

    def new_connection(self):
        """A fresh connection starts its own order check."""
        self.last_frame = None
        self.connection += 1

    def on_frame(self, seq):
        """An event frame that came over the socket (live or an after_seq replay)."""
        if self.last_frame is not None and seq <= self.last_frame:
            self.out_of_order += 1
        if self.last_frame is not None and seq > self.last_frame + 1:
            # The socket follows every event of the channel: a live skip, even if a later
            # replay fills it (which then shows as duplicates).
            self.socket_gaps += 1
            self.note("gap", seq)
        previous, self.last_frame = self.last_frame, seq
        if not self._take(seq):
            self.duplicates += 1
            self.note("duplicate", seq, previous)

    def note(self, what, seq, previous=None):
        if len(self.incidents) < 20:
            self.incidents.append({"what": what, "seq": seq, "previous_on_connection": previous,
                                   "high": self.high, "ahead": len(self.ahead),
                                   "connection": self.connection})

    def on_rest(self, seq):
        """An event the client fetched from the events route after a reconnect: filling the gap
        is its job, so one that the socket also delivered is not a duplicate."""
        if self._take(seq):
            self.recovered_by_rest += 1

    def _take(self, seq):
        if seq <= self.high or seq in self.ahead:
            return False
        self.received += 1
        if seq == self.high + 1:
            self.high = seq
            ahead = self.ahead
            while ahead and self.high + 1 in ahead:
                ahead.remove(self.high + 1)
                self.high += 1
        else:
            self.ahead.add(seq)
        return True

    def complete(self, last_seq):
        return self.high >= last_seq

    def lost(self, last_seq):
        """Events base+1..last_seq that never arrived."""
        beyond = sum(1 for s in self.ahead if s > last_seq)
        return max(0, (last_seq - self.base) - (self.received - beyond))

    def expected(self, last_seq):
        return max(0, last_seq - self.base)
