#include "realtime/channel_sequencer.hpp"

#include "realtime/frames.hpp"

namespace realtime {

ChannelSequencer::ChannelSequencer(Sink sink, ReadAfter read_after, SequencerOptions options)
    : sink_(std::move(sink)), read_after_(std::move(read_after)), options_(options) {}

void ChannelSequencer::offer(const Delivery& event) {
  std::lock_guard lock(mutex_);
  auto& channel = channels_[event.channel_id];
  if (!channel.started) {
    if (event.seq == 1 && channel.held.empty()) {
      channel.started = true;
      deliver(channel, event);
      return;
    }
    channel.held.emplace(event.seq, event);
    open_gap(event.channel_id, channel);
    return;
  }
  if (event.seq <= channel.last) {
    ++counters_.duplicates;
    return;
  }
  if (event.seq == channel.last + 1) {
    deliver(channel, event);
    drain(channel, options_.burst);
    if (channel.gap_since && !gap_open(channel)) {
      channel.gap_since.reset();
      open_.erase(event.channel_id);
    }
    return;
  }
  channel.held.emplace(event.seq, event);
  if (channel.held.size() > options_.max_held) {
    resync(event.channel_id, channel, channel.held.begin()->first - 1);
    return;
  }
  open_gap(event.channel_id, channel);
}

void ChannelSequencer::peer_reached(Id channel_id, Id seq) {
  std::lock_guard lock(mutex_);
  auto it = channels_.find(channel_id);
  if (it == channels_.end() || !it->second.started || seq <= it->second.last) return;
  it->second.wanted = std::max(it->second.wanted, seq);
  open_gap(channel_id, it->second);
}

void ChannelSequencer::recheck_all() {
  std::lock_guard lock(mutex_);
  for (auto& [id, channel] : channels_) {
    if (!channel.started) continue;
    channel.probe = true;
    open_gap(id, channel);
  }
}

void ChannelSequencer::tick() {
  std::vector<std::pair<Id, Id>> reads;  // (channel, after): started outside the lock
  {
    std::lock_guard lock(mutex_);
    auto now = Clock::now();
    for (auto it = open_.begin(); it != open_.end();) {
      Id id = *it;
      auto& channel = channels_[id];
      if (channel.started && !channel.held.empty() &&
          channel.held.begin()->first <= channel.last + 1)
        drain(channel, options_.burst);  // read back: the next part
      if (!channel.gap_since || now - *channel.gap_since < options_.hold) {
        ++it;
        continue;
      }
      if (!channel.started) {
        channel.started = true;
        channel.last = channel.held.begin()->first - 1;
        drain(channel, options_.burst);
      }
      if (!gap_open(channel)) {
        channel.gap_since.reset();
        it = open_.erase(it);
        continue;
      }
      if (!channel.reading && now >= channel.retry_at && needs_read(channel)) {
        channel.reading = true;
        channel.probe = false;
        ++counters_.gaps;
        reads.emplace_back(id, channel.last);
      }
      ++it;
    }
  }
  for (const auto& [channel_id, after] : reads) {
    // A named copy: clang 14 (the fuzz and sanitizer build) cannot capture a structured binding.
    Id id = channel_id;
    read_after_(id, after, options_.max_gap,
                [this, id](Read read) { finish_read(id, std::move(read)); });
  }
}

void ChannelSequencer::finish_read(Id channel_id, Read read) {
  std::lock_guard lock(mutex_);
  auto& channel = channels_[channel_id];
  channel.reading = false;
  if (!read.ok) {
    ++counters_.failed_reads;
    channel.retry_at = Clock::now() + options_.retry;
    open_gap(channel_id, channel);
    return;
  }
  if (read.gone) {
    channels_.erase(channel_id);
    open_.erase(channel_id);
    return;
  }
  if (read.resync) {
    resync(channel_id, channel, read.last_seq);
  } else {
    for (auto& event : read.events) {
      if (event.seq <= channel.last) continue;
      if (channel.held.emplace(event.seq, std::move(event)).second) ++counters_.filled;
    }
    drain(channel, options_.burst);
  }
  if (channel.wanted <= channel.last) channel.wanted = 0;
  if (!gap_open(channel)) {
    channel.gap_since.reset();
    open_.erase(channel_id);
  }
}

void ChannelSequencer::resync(Id channel_id, Channel& channel, Id continue_after) {
  ++counters_.resyncs;
  Delivery notice;
  notice.topic = channel_topic(channel_id);
  notice.channel_id = channel_id;
  notice.parley = resync_required_frame(channel_id);
  sink_(notice);
  channel.started = true;
  channel.last = std::max(channel.last, continue_after);
  channel.probe = false;
  drain(channel, options_.burst);
  if (channel.wanted <= channel.last) channel.wanted = 0;
}

bool ChannelSequencer::needs_read(const Channel& channel) const {
  if (!channel.held.empty()) return channel.held.begin()->first > channel.last + 1;
  return channel.wanted > channel.last || channel.probe;
}

bool ChannelSequencer::gap_open(const Channel& channel) const {
  return !channel.held.empty() ||  // missing events, or read-back ones still to go out
         channel.wanted > channel.last || channel.probe;
}

void ChannelSequencer::open_gap(Id channel_id, Channel& channel) {
  if (channel.gap_since) return;
  channel.gap_since = Clock::now();
  open_.insert(channel_id);
}

void ChannelSequencer::drain(Channel& channel, std::size_t budget) {
  while (!channel.held.empty() && budget > 0) {
    auto it = channel.held.begin();
    if (it->first <= channel.last) {
      ++counters_.duplicates;
      channel.held.erase(it);
    } else if (it->first == channel.last + 1) {
      Delivery event = std::move(it->second);
      channel.held.erase(it);
      deliver(channel, event);
      --budget;
    } else {
      break;
    }
  }
}

void ChannelSequencer::deliver(Channel& channel, const Delivery& event) {
  channel.last = event.seq;
  ++counters_.delivered;
  sink_(event);
}

SequencerCounters ChannelSequencer::counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

std::size_t ChannelSequencer::open_gaps() const {
  std::lock_guard lock(mutex_);
  return open_.size();
}

}  // namespace realtime
