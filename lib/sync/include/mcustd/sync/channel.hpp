// Channel<T>: a multi-producer, single-consumer queue with Rust's std::sync::mpsc semantics.
//
//     auto [tx, rx] = mcustd::sync::channel<int>();
//     std::thread t([tx = tx] { tx.send(42); });   // senders are copyable: a copy is a clone
//     while (auto v = rx.recv()) { use(*v); }       // nullopt once every sender is gone and
//                                                   // the queue is drained
//
// - Sender::send never blocks (the queue is unbounded). Once the Receiver is gone it fails and
//   hands the value back (SendResult::take_back()).
// - Receiver is move-only. recv() blocks; try_recv() never blocks and tells Empty from
//   Disconnected; recv_for(timeout) waits at most `timeout` and says Timeout or Disconnected.
// - Destroying the Receiver drops the values still queued.
// - A moved-from Sender or Receiver is disconnected: sending on it fails, receiving says
//   Disconnected.
// The channel's state is shared between the ends and freed with the last of them.
#pragma once

#include <cassert>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

namespace mcustd::sync {

template <typename T>
class Sender;
template <typename T>
class Receiver;
template <typename T>
std::pair<Sender<T>, Receiver<T>> channel();

namespace detail {

template <typename T>
struct ChannelState {
    std::mutex mutex;
    std::condition_variable ready;  // signalled on every send and when the last sender leaves
    std::deque<T> queue;
    std::size_t senders = 1;
    bool receiver_alive = true;
};

}  // namespace detail

// Result of Sender::send: true when sent; otherwise holds the value the dead channel refused.
template <typename T>
class [[nodiscard]] SendResult {
  public:
    SendResult() = default;
    explicit SendResult(T refused) : refused_(std::move(refused)) {}

    [[nodiscard]] bool sent() const noexcept { return !refused_.has_value(); }
    explicit operator bool() const noexcept { return sent(); }
    // The value that could not be sent. Only valid when !sent().
    T take_back() {
        assert(refused_.has_value());
        return std::move(*refused_);
    }

  private:
    std::optional<T> refused_;
};

enum class RecvStatus { kValue, kEmpty, kTimeout, kDisconnected };

// Result of try_recv / recv_for: a value, or why there is none.
template <typename T>
class [[nodiscard]] RecvResult {
  public:
    explicit RecvResult(T value) : status_(RecvStatus::kValue), value_(std::move(value)) {}
    explicit RecvResult(RecvStatus why) : status_(why) { assert(why != RecvStatus::kValue); }

    [[nodiscard]] RecvStatus status() const noexcept { return status_; }
    [[nodiscard]] bool has_value() const noexcept { return status_ == RecvStatus::kValue; }
    explicit operator bool() const noexcept { return has_value(); }
    [[nodiscard]] bool is_empty() const noexcept { return status_ == RecvStatus::kEmpty; }
    [[nodiscard]] bool is_timeout() const noexcept { return status_ == RecvStatus::kTimeout; }
    [[nodiscard]] bool is_disconnected() const noexcept {
        return status_ == RecvStatus::kDisconnected;
    }
    T& value() & {
        assert(has_value());
        return *value_;
    }
    T&& value() && {
        assert(has_value());
        return std::move(*value_);
    }
    T& operator*() & { return value(); }
    T* operator->() { return &value(); }

  private:
    RecvStatus status_;
    std::optional<T> value_;
};

template <typename T>
class Sender {
  public:
    Sender(const Sender& other) noexcept : state_(other.state_) { attach(); }
    Sender(Sender&& other) noexcept = default;
    Sender& operator=(const Sender& other) {
        if (this != &other) {
            detach();
            state_ = other.state_;
            attach();
        }
        return *this;
    }
    Sender& operator=(Sender&& other) noexcept {
        if (this != &other) {
            detach();
            state_ = std::move(other.state_);
        }
        return *this;
    }
    ~Sender() { detach(); }

    // Queues `value` for the receiver; fails (giving the value back) once it is gone.
    SendResult<T> send(T value) const {
        if (!state_) {
            return SendResult<T>(std::move(value));
        }
        {
            std::lock_guard lock(state_->mutex);
            if (!state_->receiver_alive) {
                return SendResult<T>(std::move(value));
            }
            state_->queue.push_back(std::move(value));
        }
        state_->ready.notify_one();
        return SendResult<T>();
    }

    // Rust spelling of the copy constructor.
    [[nodiscard]] Sender clone() const { return *this; }

  private:
    friend std::pair<Sender<T>, Receiver<T>> channel<T>();
    explicit Sender(std::shared_ptr<detail::ChannelState<T>> state) : state_(std::move(state)) {}

    void attach() noexcept {
        if (state_) {
            std::lock_guard lock(state_->mutex);
            ++state_->senders;
        }
    }
    void detach() noexcept {
        if (!state_) {
            return;
        }
        bool last = false;
        {
            std::lock_guard lock(state_->mutex);
            last = --state_->senders == 0;
        }
        if (last) {
            state_->ready.notify_all();  // wake a recv() waiting for a value that cannot come
        }
        state_.reset();
    }

    std::shared_ptr<detail::ChannelState<T>> state_;
};

template <typename T>
class Receiver {
  public:
    Receiver(Receiver&&) noexcept = default;
    Receiver& operator=(Receiver&& other) noexcept {
        if (this != &other) {
            disconnect();
            state_ = std::move(other.state_);
        }
        return *this;
    }
    Receiver(const Receiver&) = delete;
    Receiver& operator=(const Receiver&) = delete;
    ~Receiver() { disconnect(); }

    // Blocks for the next value; nullopt once every sender is gone and the queue is empty.
    std::optional<T> recv() {
        if (!state_) {
            return std::nullopt;
        }
        std::unique_lock lock(state_->mutex);
        state_->ready.wait(lock, [&] { return !state_->queue.empty() || state_->senders == 0; });
        return pop(lock);
    }

    // Never blocks: a value, kEmpty (senders still alive) or kDisconnected.
    RecvResult<T> try_recv() {
        if (!state_) {
            return RecvResult<T>(RecvStatus::kDisconnected);
        }
        std::unique_lock lock(state_->mutex);
        if (state_->queue.empty()) {
            return RecvResult<T>(state_->senders == 0 ? RecvStatus::kDisconnected
                                                      : RecvStatus::kEmpty);
        }
        return RecvResult<T>(*pop(lock));
    }

    // Waits at most `timeout`: a value, kTimeout or kDisconnected.
    template <typename Rep, typename Period>
    RecvResult<T> recv_for(std::chrono::duration<Rep, Period> timeout) {
        return recv_until(std::chrono::steady_clock::now() + timeout);
    }

    template <typename Clock, typename Duration>
    RecvResult<T> recv_until(std::chrono::time_point<Clock, Duration> deadline) {
        if (!state_) {
            return RecvResult<T>(RecvStatus::kDisconnected);
        }
        std::unique_lock lock(state_->mutex);
        bool ready = state_->ready.wait_until(
            lock, deadline, [&] { return !state_->queue.empty() || state_->senders == 0; });
        if (!ready) {
            return RecvResult<T>(RecvStatus::kTimeout);
        }
        if (state_->queue.empty()) {
            return RecvResult<T>(RecvStatus::kDisconnected);
        }
        return RecvResult<T>(*pop(lock));
    }

    // `for (auto& v : rx)` receives until disconnected, like Rust's `for v in rx`.
    class Iterator {
      public:
        explicit Iterator(Receiver* rx) : rx_(rx) { advance(); }
        Iterator() = default;
        T& operator*() { return *current_; }
        Iterator& operator++() {
            advance();
            return *this;
        }
        bool operator==(const Iterator& other) const noexcept { return rx_ == other.rx_; }

      private:
        void advance() {
            current_ = rx_->recv();
            if (!current_) {
                rx_ = nullptr;  // equal to end()
            }
        }
        Receiver* rx_ = nullptr;
        std::optional<T> current_;
    };
    Iterator begin() { return Iterator(this); }
    Iterator end() { return Iterator(); }

  private:
    friend std::pair<Sender<T>, Receiver<T>> channel<T>();
    explicit Receiver(std::shared_ptr<detail::ChannelState<T>> state) : state_(std::move(state)) {}

    std::optional<T> pop(std::unique_lock<std::mutex>&) {
        if (state_->queue.empty()) {
            return std::nullopt;
        }
        std::optional<T> v(std::move(state_->queue.front()));
        state_->queue.pop_front();
        return v;
    }

    void disconnect() noexcept {
        if (!state_) {
            return;
        }
        std::deque<T> dropped;  // destroyed outside the lock: T's destructor may do anything
        {
            std::lock_guard lock(state_->mutex);
            state_->receiver_alive = false;
            dropped.swap(state_->queue);
        }
        state_.reset();
    }

    std::shared_ptr<detail::ChannelState<T>> state_;
};

template <typename T>
std::pair<Sender<T>, Receiver<T>> channel() {
    auto state = std::make_shared<detail::ChannelState<T>>();
    return {Sender<T>(state), Receiver<T>(state)};
}

}  // namespace mcustd::sync
