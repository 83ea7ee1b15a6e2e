"""``vi2en translate`` in this process, killed (SIGKILL, no clean-up) at a chosen point, logging every sentence
that reaches the engine: the stopped run of tests/test_resume.py.

    python tests/resume_child.py LOG KILL -- translate ARGS…

KILL is ``none``, ``clean:N`` (while cleaning the N-th article), ``translate:N`` (before the N-th batch),
``write:N`` (after writing the N-th article's files, before its window is in the journal; with ``--jobs``, the
files a worker made), ``journal:N`` (the N-th window's journal lines torn halfway) or ``finish`` (after the review
files, before the manifest).
"""

import os
import signal
import sys


def main() -> int:
    log, kill = sys.argv[1], sys.argv[2]
    argv = sys.argv[sys.argv.index("--") + 1:]
    stage, _, n = kill.partition(":")
    n = int(n or 0)
    calls = {"count": 0}

    def die_on(wanted: str) -> bool:
        if stage != wanted:
            return False
        calls["count"] += 1
        return calls["count"] == n

    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    import translate.engines
    import translate.pipeline as pipeline
    import translate.resume as resume
    import translate.sources as sources
    import translate.write.streamed as streamed

    pipeline.WINDOW_SENTENCES = (4, 8)  # several windows in a small run

    real_load = translate.engines.load_engine

    def load_engine(preset, config):
        engine = real_load(preset, config)
        real_batches = engine.translate_batches

        def translate_batches(batches, settings):
            def each():
                for batch in batches:
                    if die_on("translate"):
                        die()
                    yield batch

            for batch, outputs in zip(batches, real_batches(each(), settings)):
                with open(log, "a", encoding="utf-8") as handle:
                    handle.writelines(s.replace("\n", " ") + "\n" for s in batch)
                yield outputs

        engine.translate_batches = translate_batches
        return engine

    translate.engines.load_engine = load_engine

    real_clean = sources.clean_article

    def clean_article(article, config):
        if die_on("clean"):
            die()
        return real_clean(article, config)

    sources.clean_article = clean_article

    def dying_after_write(real):
        def write(*args):
            written = real(*args)
            if die_on("write"):
                die()
            return written

        return write

    pipeline.write_article = dying_after_write(pipeline.write_article)
    # What a worker (--jobs) made, written by this process.
    pipeline.write_prepared = dying_after_write(pipeline.write_prepared)

    real_append = resume.RunState.append

    def append(self, finished):
        if die_on("journal"):
            text = "".join(resume.journal_line(f) for f in finished)
            with open(self.dir / "journal.jsonl", "a", encoding="utf-8") as handle:
                handle.write(text[: len(text) // 2])
            die()
        return real_append(self, finished)

    resume.RunState.append = append

    real_review = streamed.write_review_from

    def write_review_from(out):
        real_review(out)
        if stage == "finish":
            die()

    streamed.write_review_from = write_review_from

    from translate.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
