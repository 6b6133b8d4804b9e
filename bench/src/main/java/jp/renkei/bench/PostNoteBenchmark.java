package jp.renkei.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jp.renkei.policy.Profession;
import jp.renkei.protocol.Commands.PostNote;
import jp.renkei.protocol.Notes.NoteContent;
import jp.renkei.protocol.Resources.ConsentRecord;
import jp.renkei.protocol.Resources.CreateRoom;
import jp.renkei.protocol.Resources.PatientProfile;
import jp.renkei.server.RenkeiApplication;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.Organization;
import jp.renkei.policy.OrganizationKind;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.room.RoomService;
import jp.renkei.server.audit.CommandAudit;
import jp.renkei.server.note.NoteService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * Notes posted per second through the server's whole write path, {@link NoteService#post(jp.renkei.server.account.UserAccount, jp.renkei.protocol.Commands.PostNote, CommandAudit)}: policy
 * check, duplicate check, the durable event append and everything derived from it, and delivery
 * bookkeeping (no subscribers connected). Four threads post into four rooms, as four nurses at four
 * bedsides would, on the embedded database with fsync on, among {@code idleRooms} other rooms. Socket
 * and JSON costs are left to the
 * load generator; this isolates what the storage design costs per note.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(4)
public class PostNoteBenchmark {

    private static final String TEXT = "訪問時、下肢のむくみ増強。体重 50.6kg（前回比 +2.4kg）、SpO2 93%、"
            + "呼吸数 22 回/分。夕の利尿剤は家族が管理。次回訪問で体重と呼吸状態を確認してください。".repeat(4);

    @Param({"true"})
    public boolean fsync;

    /** Other rooms in the database, as in a city (Marugame: 166 patient rooms; Okayama is larger). */
    @Param({"1000"})
    public int idleRooms;

    private Path dataDir;
    private ConfigurableApplicationContext app;
    private NoteService notes;
    private final List<UserAccount> nurses = new ArrayList<>();
    private final List<String> rooms = new ArrayList<>();
    private final AtomicInteger nextThread = new AtomicInteger();

    @Setup(Level.Trial)
    public void start() throws Exception {
        dataDir = Files.createTempDirectory("renkei-bench-post");
        app = new SpringApplicationBuilder(RenkeiApplication.class).run("--server.port=0", "--management.server.port=0",
                "--renkei.demo.enabled=false", "--renkei.embedded.data-dir=" + dataDir,
                "--renkei.embedded.fsync=" + fsync, "--logging.level.root=warn");
        notes = app.getBean(NoteService.class);
        AccountRepository accounts = app.getBean(AccountRepository.class);
        RoomService roomService = app.getBean(RoomService.class);
        accounts.saveOrganization(new Organization("o-bench", "ベンチ訪問看護", OrganizationKind.HOME_NURSING_STATION, "北区"));
        for (int i = 0; i < 4; i++) {
            UserAccount nurse = accounts.createUser("u-bench" + i, "bench" + i, "看護師 " + i, Profession.NURSE,
                    "o-bench", "{noop}unused");
            nurses.add(nurse);
            rooms.add(roomService.create(nurse, new CreateRoom("patient", null,
                    new PatientProfile("患者 " + i, null, null, null, null, null), new ConsentRecord("patient", null, "written", "2026-04-01", List.of(), List.of()))));
        }
        for (int i = 0; i < idleRooms; i++) {
            roomService.create(nurses.get(i % nurses.size()), new CreateRoom("patient", null,
                    new PatientProfile("在宅患者 " + i, null, null, null, null, null), new ConsentRecord("patient", null, "written", "2026-04-01", List.of(), List.of())));
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        app.close();
        FileSystemUtils.deleteRecursively(dataDir.toFile());
    }

    /** Each benchmark thread is one nurse posting into her own patient's room. */
    @State(Scope.Thread)
    public static class Nurse {
        int index = -1;
        long n;
    }

    @Benchmark
    public Object post(Nurse me) {
        if (me.index < 0) {
            me.index = nextThread.getAndIncrement() % nurses.size();
        }
        return notes.post(nurses.get(me.index), new PostNote(rooms.get(me.index),
                "b-" + UUID.randomUUID(), new NoteContent("free", TEXT, false, null, null)),
                CommandAudit.none()); // as measured before: the STOMP command's own audit entry is not part of it
    }
}
