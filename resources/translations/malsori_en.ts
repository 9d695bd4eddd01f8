<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>DatasetDialog</name>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/dataset_dialog.py" line="191"/>
        <source>Exporting %n project(s)…</source>
        <translation>
            <numerusform>Exporting %n project…</numerusform>
            <numerusform>Exporting %n projects…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/dataset_dialog.py" line="215"/>
        <source>Wrote %n clip(s), %1 of audio (%2 hours), to %3: %4 for training, %5 for testing.</source>
        <translation>
            <numerusform>Wrote %n clip, %1 of audio (%2 hours), to %3: %4 for training, %5 for testing.</numerusform>
            <numerusform>Wrote %n clips, %1 of audio (%2 hours), to %3: %4 for training, %5 for testing.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/dataset_dialog.py" line="220"/>
        <source>%n item(s) skipped (see summary.json):</source>
        <translation>
            <numerusform>%n item skipped (see summary.json):</numerusform>
            <numerusform>%n items skipped (see summary.json):</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EditorWindow</name>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/editor_window.py" line="579"/>
        <source>Delete %n segment(s)</source>
        <translation>
            <numerusform>Delete %n segment</numerusform>
            <numerusform>Delete %n segments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/editor_window.py" line="589"/>
        <source>the %n selected segment(s)</source>
        <translation>
            <numerusform>the selected segment</numerusform>
            <numerusform>the %n selected segments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/editor_window.py" line="631"/>
        <source>Retimed %n segment(s)</source>
        <translation>
            <numerusform>Retimed %n segment</numerusform>
            <numerusform>Retimed %n segments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/editor_window.py" line="741"/>
        <source>%n segment(s) left to review</source>
        <translation>
            <numerusform>%n segment left to review</numerusform>
            <numerusform>%n segments left to review</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/editor_window.py" line="744"/>
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/find_bar.py" line="153"/>
        <source>Replace %n occurrence(s)</source>
        <translation>
            <numerusform>Replace %n occurrence</numerusform>
            <numerusform>Replace %n occurrences</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/find_bar.py" line="154"/>
        <source>Replaced %n occurrence(s)</source>
        <translation>
            <numerusform>Replaced %n occurrence</numerusform>
            <numerusform>Replaced %n occurrences</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/history_panel.py" line="153"/>
        <source>Delete %n saved transcripts from the history? The audio files are not touched.</source>
        <translation>
            <numerusform>Delete the saved transcript from the history? The audio file is not touched.</numerusform>
            <numerusform>Delete %n saved transcripts from the history? The audio files are not touched.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LlmSettingsDialog</name>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="364"/>
        <source>The server has %n model(s).</source>
        <translation>
            <numerusform>The server has %n model.</numerusform>
            <numerusform>The server has %n models.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="414"/>
        <source>Choose one of the server&apos;s %n model(s).</source>
        <translation>
            <numerusform>Choose the server&apos;s only model.</numerusform>
            <numerusform>Choose one of the server&apos;s %n models.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/main_window.py" line="666"/>
        <source>%1 — %n segment(s)</source>
        <translation>
            <numerusform>%1 — %n segment</numerusform>
            <numerusform>%1 — %n segments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/main_window.py" line="722"/>
        <source>%n file(s) waiting: %1</source>
        <translation>
            <numerusform>%n file waiting: %1</numerusform>
            <numerusform>%n files waiting: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/main_window.py" line="893"/>
        <source>Exported %n file(s)</source>
        <translation>
            <numerusform>Exported %n file</numerusform>
            <numerusform>Exported %n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/main_window.py" line="899"/>
        <source>%n file(s) to be exported exist already:</source>
        <translation>
            <numerusform>%n file to be exported exists already:</numerusform>
            <numerusform>%n files to be exported exist already:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/main_window.py" line="1025"/>
        <source>%n file(s) are waiting to be transcribed. Close anyway?</source>
        <translation>
            <numerusform>%n file is waiting to be transcribed. Close anyway?</numerusform>
            <numerusform>%n files are waiting to be transcribed. Close anyway?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RemoteEngineRows</name>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/remote_engine_panel.py" line="286"/>
        <source>Connected. The server has %n model(s).</source>
        <translation>
            <numerusform>Connected. The server has %n model.</numerusform>
            <numerusform>Connected. The server has %n models.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SummaryPanel</name>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="194"/>
        <source>%n segment(s)</source>
        <translation>
            <numerusform>%n segment</numerusform>
            <numerusform>%n segments</numerusform>
        </translation>
    </message>
</context>
</TS>
