package io.flowstate.harness.load;

/**
 * Deadlines of requests in flight, earliest first, without a node per request.
 *
 * <p>Every request's deadline is its issue time plus one fixed timeout, and requests are issued
 * in time order (closed loop: as connections become ready; open loop: in order of intended
 * time), so deadlines arrive already sorted and a ring buffer of parallel arrays is a priority
 * queue. An entry outlives its request when the request ends early; the owner recognises such
 * an entry by its id no longer being the connection's current request, and drops it.
 * Used by the I/O thread only.
 */
final class DeadlineQueue {

    private long[] deadlines = new long[64];
    private long[] ids = new long[64];
    private Connection[] connections = new Connection[64];
    private int head;
    private int size;

    void add(long deadlineNanos, Connection connection, long id) {
        if (size == deadlines.length) {
            grow();
        }
        int tail = (head + size) & (deadlines.length - 1);
        deadlines[tail] = deadlineNanos;
        ids[tail] = id;
        connections[tail] = connection;
        size++;
    }

    boolean isEmpty() {
        return size == 0;
    }

    long headDeadline() {
        return deadlines[head];
    }

    long headId() {
        return ids[head];
    }

    Connection headConnection() {
        return connections[head];
    }

    void pop() {
        connections[head] = null;
        head = (head + 1) & (deadlines.length - 1);
        size--;
    }

    private void grow() {
        int n = deadlines.length;
        long[] d = new long[n * 2];
        long[] i = new long[n * 2];
        Connection[] c = new Connection[n * 2];
        for (int k = 0; k < size; k++) {
            int from = (head + k) & (n - 1);
            d[k] = deadlines[from];
            i[k] = ids[from];
            c[k] = connections[from];
        }
        deadlines = d;
        ids = i;
        connections = c;
        head = 0;
    }
}
