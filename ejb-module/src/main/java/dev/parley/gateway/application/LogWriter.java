package dev.parley.gateway.application;

import dev.parley.gateway.application.BatchSequencer.Submission;
import dev.parley.gateway.domain.model.conversation.EntriesAppended;
import dev.parley.gateway.domain.model.conversation.SequencedEntry;
import dev.parley.gateway.infrastructure.config.GatewayConfig;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import dev.parley.gateway.infrastructure.metrics.GatewayMetrics;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The write path of the log: intake → sequencer → batch commit → fan-out. Every append (application messages from any
 * connection or REST call, and commits) enters one bounded queue; one writer thread takes whatever waits — never
 * waiting for more, so a lone message is written at once — and writes consecutive application messages as one batch
 * ({@link BatchSequencer}: one transaction, one commit, one fsync on PostgreSQL, for many messages of many
 * conversations). Commits keep their own transaction ({@link ConversationLog#commit}) and run on the same thread
 * between batches, so everything is sequenced in the order it was submitted.
 *
 * <p>Invariants: an answer completes only after the transaction that stored its message committed (durable before
 * acknowledged); {@link EntriesAppended} for a batch is fired after that commit, per conversation in seq order;
 * each submission is answered exactly once; a full queue refuses at once ({@code overloaded}), it never grows without
 * bound. Correctness across gateways sharing one database does not depend on this thread: each batch takes the row
 * locks of its conversations (see {@link dev.parley.gateway.infrastructure.persistence.LogBatchStore}).
 */
@ApplicationScoped
public class LogWriter {

    private static final Logger LOG = Logger.getLogger(LogWriter.class);

    private sealed interface Work permits Append, Exclusive {
        CompletableFuture<ConversationLog.Appended> answer();
    }

    private record Append(Submission submission, CompletableFuture<ConversationLog.Appended> answer) implements Work {
    }

    private record Exclusive(Supplier<ConversationLog.Appended> task, CompletableFuture<ConversationLog.Appended> answer)
            implements Work {
    }

    @Inject
    BatchSequencer sequencer;

    @Inject
    Event<EntriesAppended> appended;

    @Inject
    GatewayConfig config;

    @Inject
    GatewayMetrics metrics;

    @Resource
    ManagedThreadFactory threads;

    private BlockingQueue<Work> queue;
    private Thread writer;
    private volatile boolean stopping;

    /** Queues an application message for the next batch; the stage completes once it is durable (or refused). */
    public CompletionStage<ConversationLog.Appended> append(Submission submission) {
        return submit(new Append(submission, new CompletableFuture<>()));
    }

    /**
     * Runs {@code task} (a commit, in a transaction of its own) on the writer thread, after everything submitted
     * before it; the stage completes with its result.
     */
    public CompletionStage<ConversationLog.Appended> exclusive(Supplier<ConversationLog.Appended> task) {
        return submit(new Exclusive(task, new CompletableFuture<>()));
    }

    private CompletionStage<ConversationLog.Appended> submit(Work work) {
        BlockingQueue<Work> waiting = started();
        if (stopping || !waiting.offer(work)) {
            work.answer().completeExceptionally(new ParleyException(ParleyError.OVERLOADED,
                    stopping ? "The gateway is shutting down; retry on another node or in a moment."
                            : waiting.size() + " messages wait to be written; retry in a moment. Nothing was stored."));
        }
        return work.answer();
    }

    private synchronized BlockingQueue<Work> started() {
        if (queue == null) {
            queue = new LinkedBlockingQueue<>(config.logQueueCapacity());
            writer = threads.newThread(this::run);
            writer.setName("parley-log-writer");
            writer.start();
        }
        return queue;
    }

    @PreDestroy
    void stop() {
        Thread running;
        synchronized (this) {
            stopping = true;
            running = writer;
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        List<Work> taken = new ArrayList<>();
        while (true) {
            try {
                Work first = stopping ? queue.poll() : queue.take();
                if (first == null) {
                    return;
                }
                taken.add(first);
                queue.drainTo(taken, config.logMaxBatch() - 1);
                write(taken);
            } catch (InterruptedException e) {
                if (!stopping) {
                    LOG.warn("The log writer was interrupted; it goes on");
                }
                // Drain what was accepted before the shutdown, then stop (see the poll above).
            } catch (RuntimeException | Error e) {
                LOG.errorf(e, "The log writer failed on %d requests", taken.size());
                taken.forEach(work -> work.answer().completeExceptionally(e));
            } finally {
                taken.clear();
            }
        }
    }

    /** Writes what was taken, in order: runs of application messages as batches, commits one by one. */
    private void write(List<Work> taken) {
        List<Append> run = new ArrayList<>();
        long runBytes = 0;
        for (Work work : taken) {
            if (work instanceof Append append) {
                if (!run.isEmpty() && runBytes + append.submission().message().length > config.logMaxBatchBytes()) {
                    writeBatch(run);
                    run = new ArrayList<>();
                    runBytes = 0;
                }
                run.add(append);
                runBytes += append.submission().message().length;
            } else if (work instanceof Exclusive exclusive) {
                if (!run.isEmpty()) {
                    writeBatch(run);
                    run = new ArrayList<>();
                    runBytes = 0;
                }
                runExclusive(exclusive);
            }
        }
        if (!run.isEmpty()) {
            writeBatch(run);
        }
    }

    private void writeBatch(List<Append> batch) {
        BatchSequencer.Result result;
        try {
            result = sequencer.sequence(batch.stream().map(Append::submission).toList());
        } catch (RuntimeException failure) {
            if (batch.size() == 1) {
                LOG.warnf(failure, "Appending a message to %s failed", batch.get(0).submission().conversationId());
                batch.get(0).answer().completeExceptionally(failure);
                return;
            }
            // One bad message must not fail its neighbours: write each on its own.
            LOG.debugf("A batch of %d failed (%s); writing its messages one by one", batch.size(), failure.getMessage());
            batch.forEach(append -> writeBatch(List.of(append)));
            return;
        }
        metrics.batchWritten(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Object outcome = result.outcomes().get(i);
            if (outcome instanceof ConversationLog.Appended done) {
                batch.get(i).answer().complete(done);
            } else {
                batch.get(i).answer().completeExceptionally((Throwable) outcome);
            }
        }
        for (Map.Entry<String, List<SequencedEntry>> conversation : result.appended().entrySet()) {
            try {
                // No transaction is active here: transactional observers are notified at once, after the commit.
                appended.fire(new EntriesAppended(conversation.getKey(), List.copyOf(conversation.getValue())));
            } catch (RuntimeException e) {
                LOG.warnf(e, "Live delivery of %s failed; its devices catch up from the log", conversation.getKey());
            }
        }
    }

    private static void runExclusive(Exclusive exclusive) {
        try {
            exclusive.answer().complete(exclusive.task().get());
        } catch (RuntimeException e) {
            exclusive.answer().completeExceptionally(e);
        }
    }
}
