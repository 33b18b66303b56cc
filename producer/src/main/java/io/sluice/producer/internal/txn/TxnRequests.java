package io.sluice.producer.internal.txn;

import io.sluice.producer.OffsetAndMetadata;
import io.sluice.producer.TopicPartition;
import io.sluice.producer.internal.net.ResponseHandler;
import io.sluice.protocol.Errors;
import io.sluice.protocol.message.AddOffsetsToTxnRequest;
import io.sluice.protocol.message.AddOffsetsToTxnResponse;
import io.sluice.protocol.message.AddPartitionsToTxnRequest;
import io.sluice.protocol.message.AddPartitionsToTxnResponse;
import io.sluice.protocol.message.EndTxnRequest;
import io.sluice.protocol.message.EndTxnResponse;
import io.sluice.protocol.message.FindCoordinatorRequest;
import io.sluice.protocol.message.FindCoordinatorResponse;
import io.sluice.protocol.message.InitProducerIdRequest;
import io.sluice.protocol.message.InitProducerIdResponse;
import io.sluice.protocol.message.Request;
import io.sluice.protocol.message.TxnOffsetCommitRequest;
import io.sluice.protocol.message.TxnOffsetCommitResponse;
import io.sluice.protocol.types.ByteReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds each coordinator request of a transaction and decodes its answer; the {@link TxnDriver} sends them and
 * records what each answer did. Every call has the same shape ({@link Call}): it is built and counted when it goes
 * out, its whole answer is decoded into the one error that decides it, and the driver then backs off, rediscovers,
 * or records the success by the call's {@link Kind}. I/O thread only.
 */
final class TxnRequests {
    private static final byte TXN = FindCoordinatorRequest.TRANSACTION;
    private static final byte GROUP = FindCoordinatorRequest.GROUP;

    private final TxnDriver d;

    TxnRequests(TxnDriver driver) {
        this.d = driver;
    }

    /** Which request a call is, so the driver knows what its success means. */
    enum Kind {
        FIND_COORDINATOR,
        INIT_PRODUCER_ID,
        ADD_PARTITIONS,
        ADD_OFFSETS,
        TXN_OFFSET_COMMIT,
        END_TXN_COMMIT,
        END_TXN_ABORT
    }

    /** One request to a coordinator (or, for FindCoordinator, to any broker) and its answer. */
    abstract class Call implements ResponseHandler {
        final Kind kind;
        final String what;
        /** Whose coordinator: {@link FindCoordinatorRequest#TRANSACTION} or {@link FindCoordinatorRequest#GROUP}. */
        final byte keyType;

        final String key;
        /** The offsets call this request works for, for the offsets requests; else null. */
        final PendingCall offsets;

        int nodeId = -1;
        /** EndTxn v5: the answer carried the next producer id and epoch, which the producer adopted. */
        boolean newIdentity;
        /** FindCoordinator: the answer's coordinator. */
        FindCoordinatorResponse.Coordinator coordinator;

        Call(Kind kind, String what, byte keyType, String key, PendingCall offsets) {
            this.kind = kind;
            this.what = what;
            this.keyType = keyType;
            this.key = key;
            this.offsets = offsets;
        }

        /** Builds (and counts) the request, when it goes out. */
        abstract Request build();

        /** Decodes the whole answer and returns the error that decides it. */
        abstract Errors read(ByteReader body, short version);

        /** How this coordinator's errors are sorted. */
        TxnErrors.Kind classify(Errors error) {
            return keyType == GROUP ? TxnErrors.classifyOffsetCommit(error) : TxnErrors.classifyTxnCoordinator(error);
        }

        @Override
        public final void onResponse(ByteReader body, short version, long nowMs) {
            d.answered(this, read(body, version), nowMs);
        }

        @Override
        public final void onFailure(IOException cause, long nowMs) {
            d.lost(this, nowMs);
        }
    }

    Call findCoordinator(byte keyType, String key) {
        return new Call(Kind.FIND_COORDINATOR, "FindCoordinator", keyType, key, null) {
            @Override
            Request build() {
                d.counters.findCoordinator++;
                return keyType == TXN ? FindCoordinatorRequest.transaction(key) : FindCoordinatorRequest.group(key);
            }

            @Override
            Errors read(ByteReader body, short version) {
                coordinator = FindCoordinatorResponse.read(body, version)
                        .coordinators()
                        .get(0);
                return coordinator.error();
            }
        };
    }

    /** The first InitProducerId, or the epoch bump that ends an aborted transaction (naming the current id). */
    Call initProducerId() {
        boolean bump = d.producerIds.hasProducerId();
        long pid = d.producerIds.producerId();
        short epoch = d.producerIds.epoch();
        return new Call(Kind.INIT_PRODUCER_ID, "InitProducerId", TXN, d.transactionalId, null) {
            @Override
            Request build() {
                d.counters.initProducerId++;
                return bump
                        ? new InitProducerIdRequest(d.transactionalId, d.transactionTimeoutMs, pid, epoch)
                        : InitProducerIdRequest.fresh(d.transactionalId, d.transactionTimeoutMs);
            }

            @Override
            Errors read(ByteReader body, short version) {
                InitProducerIdResponse r = InitProducerIdResponse.read(body, version);
                if (r.error() == Errors.NONE) {
                    d.producerIds.adoptIdentity(r.producerId(), r.producerEpoch());
                    short level = d.network.finalizedFeatureLevel(nodeId, TxnDriver.TRANSACTION_VERSION);
                    if (level >= 0) {
                        d.manager.clusterTv2(level >= 2);
                    }
                }
                return r.error();
            }
        };
    }

    /** Transactions v1: adds the partitions drain held back; they are taken from the wanted set when it goes out. */
    Call addPartitions() {
        return new Call(Kind.ADD_PARTITIONS, "AddPartitionsToTxn", TXN, d.transactionalId, null) {
            @Override
            Request build() {
                d.counters.addPartitions++;
                List<AddPartitionsToTxnRequest.Topic> topics = new ArrayList<>();
                for (Map.Entry<String, List<Integer>> e :
                        d.partitions.takeWanted().entrySet()) {
                    topics.add(new AddPartitionsToTxnRequest.Topic(e.getKey(), e.getValue()));
                }
                return new AddPartitionsToTxnRequest(
                        d.transactionalId, d.producerIds.producerId(), d.producerIds.epoch(), topics);
            }

            @Override
            Errors read(ByteReader body, short version) {
                return firstError(AddPartitionsToTxnResponse.read(body, version));
            }
        };
    }

    /** The error that decides the answer: OPERATION_NOT_ATTEMPTED only stands in for another partition's error. */
    private static Errors firstError(AddPartitionsToTxnResponse r) {
        Errors notAttempted = Errors.NONE;
        for (AddPartitionsToTxnResponse.TopicResult t : r.results()) {
            for (AddPartitionsToTxnResponse.PartitionResult p : t.partitions()) {
                Errors e = Errors.forCode(p.errorCode());
                if (e == Errors.OPERATION_NOT_ATTEMPTED) {
                    notAttempted = e;
                } else if (e != Errors.NONE) {
                    return e;
                }
            }
        }
        return notAttempted;
    }

    /** Transactions v1: tells the transaction coordinator the group's offsets are part of the transaction. */
    Call addOffsets(PendingCall call) {
        return new Call(Kind.ADD_OFFSETS, "AddOffsetsToTxn", TXN, d.transactionalId, call) {
            @Override
            Request build() {
                d.counters.addOffsets++;
                return new AddOffsetsToTxnRequest(
                        d.transactionalId, d.producerIds.producerId(), d.producerIds.epoch(), call.group.groupId());
            }

            @Override
            Errors read(ByteReader body, short version) {
                return AddOffsetsToTxnResponse.read(body, version).error();
            }
        };
    }

    /** Sends the offsets to the group coordinator; with v2 (TxnOffsetCommit v5) this also adds the group. */
    Call commitOffsets(PendingCall call) {
        return new Call(Kind.TXN_OFFSET_COMMIT, "TxnOffsetCommit", GROUP, call.group.groupId(), call) {
            @Override
            Request build() {
                d.counters.txnOffsetCommit++;
                return offsetCommitRequest(call);
            }

            @Override
            Errors read(ByteReader body, short version) {
                TxnOffsetCommitResponse r = TxnOffsetCommitResponse.read(body, version);
                for (TxnOffsetCommitResponse.Topic t : r.topics()) {
                    for (TxnOffsetCommitResponse.Partition p : t.partitions()) {
                        if (p.error() != Errors.NONE) {
                            return p.error();
                        }
                    }
                }
                return Errors.NONE;
            }
        };
    }

    private TxnOffsetCommitRequest offsetCommitRequest(PendingCall call) {
        Map<String, List<TxnOffsetCommitRequest.Partition>> byTopic = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : call.offsets.entrySet()) {
            OffsetAndMetadata o = e.getValue();
            byTopic.computeIfAbsent(e.getKey().topic(), t -> new ArrayList<>())
                    .add(new TxnOffsetCommitRequest.Partition(
                            e.getKey().partition(), o.offset(), o.leaderEpoch().orElse(-1), o.metadata()));
        }
        List<TxnOffsetCommitRequest.Topic> topics = new ArrayList<>();
        byTopic.forEach((t, ps) -> topics.add(new TxnOffsetCommitRequest.Topic(t, ps)));
        return new TxnOffsetCommitRequest(
                d.transactionalId,
                call.group.groupId(),
                d.producerIds.producerId(),
                d.producerIds.epoch(),
                call.group.generationId(),
                call.group.memberId(),
                call.group.groupInstanceId().orElse(null),
                topics);
    }

    /** EndTxn; with v5 (transactions v2) a success carries the next producer id and epoch, adopted at once. */
    Call endTxn(boolean commit) {
        Kind kind = commit ? Kind.END_TXN_COMMIT : Kind.END_TXN_ABORT;
        return new Call(kind, commit ? "EndTxn(commit)" : "EndTxn(abort)", TXN, d.transactionalId, null) {
            @Override
            Request build() {
                d.counters.endTxn++;
                return new EndTxnRequest(d.transactionalId, d.producerIds.producerId(), d.producerIds.epoch(), commit);
            }

            @Override
            Errors read(ByteReader body, short version) {
                EndTxnResponse r = EndTxnResponse.read(body, version);
                if (r.error() == Errors.NONE && version >= 5 && r.producerId() >= 0) {
                    // Transactions v2: the coordinator bumped the epoch (and maybe the id); use it from now on.
                    d.producerIds.adoptIdentity(r.producerId(), r.producerEpoch());
                    newIdentity = true;
                }
                return r.error();
            }
        };
    }
}
