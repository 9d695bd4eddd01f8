<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ko_KR">
<context>
    <name>App</name>
    <message>
        <location filename="../../desktop/malsori/app.py" line="60" />
        <source>Unexpected error</source>
        <translation>예상치 못한 오류</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/app.py" line="61" />
        <source>Something went wrong: %1

The details are in the log file (Help ▸ Open log file).</source>
        <translation>문제가 생겼습니다: %1

자세한 내용은 로그 파일에 있습니다 (도움말 ▸ 로그 파일 열기).</translation>
    </message>
</context>
<context>
    <name>DropZone</name>
    <message>
        <location filename="../../desktop/malsori/ui/drop_zone.py" line="82" />
        <source>Drop audio or video files here</source>
        <translation>오디오나 동영상 파일을 여기에 끌어다 놓으세요</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/drop_zone.py" line="83" />
        <source>Whole folders work too. Everything stays on this computer.</source>
        <translation>폴더째 놓아도 됩니다. 모든 작업은 이 컴퓨터 안에서만 이루어집니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/drop_zone.py" line="84" />
        <source>Open files…</source>
        <translation>파일 열기…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/drop_zone.py" line="85" />
        <source>Try a sample</source>
        <translation>예제로 해 보기</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <location filename="../../desktop/malsori/ui/export_dialog.py" line="29" />
        <source>SubRip subtitles</source>
        <translation>SubRip 자막</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/export_dialog.py" line="30" />
        <source>WebVTT subtitles</source>
        <translation>WebVTT 자막</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/export_dialog.py" line="31" />
        <source>Plain text</source>
        <translation>일반 텍스트</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/export_dialog.py" line="32" />
        <source>Malsori JSON (words and timings)</source>
        <translation>말소리 JSON (단어와 시간 정보)</translation>
    </message>
</context>
<context>
    <name>ExportAllDialog</name>
    <message>
        <location filename="../../desktop/malsori/ui/export_dialog.py" line="56" />
        <source>Export all finished transcripts</source>
        <translation>완료된 받아쓰기 모두 내보내기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/export_dialog.py" line="62" />
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/export_dialog.py" line="71" />
        <source>Formats:</source>
        <translation>형식:</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/export_dialog.py" line="74" />
        <source>Folder:</source>
        <translation>폴더:</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/export_dialog.py" line="79" />
        <source>Export to folder</source>
        <translation>내보낼 폴더</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <location filename="../../desktop/malsori/ui/history_panel.py" line="38" />
        <source>History</source>
        <translation>기록</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/history_panel.py" line="39" />
        <source>Saved transcripts. Double-click to open one.</source>
        <translation>저장된 받아쓰기입니다. 두 번 클릭하면 열립니다.</translation>
    </message>
</context>
<context>
    <name>Jobs</name>
    <message>
        <location filename="../../desktop/malsori/ui/jobs.py" line="41" />
        <source>Waiting</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/jobs.py" line="42" />
        <source>Transcribing</source>
        <translation>받아쓰는 중</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/jobs.py" line="43" />
        <source>Done</source>
        <translation>완료</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/jobs.py" line="44" />
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/jobs.py" line="45" />
        <source>Cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/jobs.py" line="108" />
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/jobs.py" line="109" />
        <source>Length</source>
        <translation>길이</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/jobs.py" line="110" />
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/jobs.py" line="111" />
        <source>Progress</source>
        <translation>진행</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/jobs.py" line="112" />
        <source>Time left</source>
        <translation>남은 시간</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/jobs.py" line="113" />
        <source>Language</source>
        <translation>언어</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="243" />
        <source>Malsori</source>
        <translation>말소리</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="244" />
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="245" />
        <source>&amp;Open files…</source>
        <translation>파일 열기(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="246" />
        <source>Open &amp;folder…</source>
        <translation>폴더 열기(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="247" />
        <source>Open &amp;recent</source>
        <translation>최근 파일(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="248" />
        <source>Try a &amp;sample</source>
        <translation>예제로 해 보기(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="249" />
        <source>&amp;Export…</source>
        <translation>내보내기(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="250" />
        <source>Export &amp;all finished…</source>
        <translation>완료된 것 모두 내보내기(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="251" />
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="252" />
        <source>&amp;Queue</source>
        <translation>대기열(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="253" />
        <source>&amp;Cancel selected</source>
        <translation>선택 항목 취소(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="254" />
        <source>Cancel a&amp;ll</source>
        <translation>모두 취소(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="255" />
        <source>&amp;Retry selected</source>
        <translation>선택 항목 다시 시도(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="256" />
        <source>Re&amp;move selected</source>
        <translation>선택 항목 제거(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="257" />
        <source>&amp;Settings</source>
        <translation>설정(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="258" />
        <source>Interface &amp;language</source>
        <translation>화면 언어(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="259" />
        <source>System default</source>
        <translation>시스템 기본값</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="262" />
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="263" />
        <source>Open &amp;log file</source>
        <translation>로그 파일 열기(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="264" />
        <source>&amp;About Malsori</source>
        <translation>말소리 정보(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="265" />
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="266" />
        <source>Cancel all</source>
        <translation>모두 취소</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="267" />
        <source>Retry</source>
        <translation>다시 시도</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="268" />
        <source>Remove</source>
        <translation>제거</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="269" />
        <source>Export…</source>
        <translation>내보내기…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="270" />
        <source>Export all…</source>
        <translation>모두 내보내기…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="319" />
        <source>Open audio or video files</source>
        <translation>오디오 또는 동영상 파일 열기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="327" />
        <source>Open a folder of recordings</source>
        <translation>녹음 폴더 열기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="344" />
        <source>No recent files</source>
        <translation>최근 파일 없음</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="498" />
        <source>Select a file in the queue to see its text.</source>
        <translation>대기열에서 파일을 고르면 텍스트가 보입니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="504" />
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/main_window.py" line="506" />
        <source>%1 — %n segment(s)</source>
        <translation>
            <numerusform>%1 — 구간 %n개</numerusform></translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="531" />
        <source>Loading model %1…</source>
        <translation>모델 %1 불러오는 중…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="539" />
        <source>Model: %1</source>
        <translation>모델: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="540" />
        <source>Device: %1</source>
        <translation>장치: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="545" />
        <source>Transcribing %1 (%2 waiting)</source>
        <translation>%1 받아쓰는 중 (대기 %2개)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="547" />
        <source>Ready</source>
        <translation>준비됨</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="556" />
        <source>Cannot open project</source>
        <translation>프로젝트를 열 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="574" />
        <source>Export transcript</source>
        <translation>받아쓰기 내보내기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="586" />
        <location filename="../../desktop/malsori/ui/main_window.py" line="602" />
        <location filename="../../desktop/malsori/ui/main_window.py" line="614" />
        <source>Export failed</source>
        <translation>내보내기 실패</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="588" />
        <source>Exported %1</source>
        <translation>%1(으)로 내보냈습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="603" />
        <source>Cannot create the folder %1: %2</source>
        <translation>폴더 %1을(를) 만들 수 없습니다: %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/main_window.py" line="617" />
        <source>Exported %n file(s)</source>
        <translation>
            <numerusform>파일 %n개를 내보냈습니다</numerusform></translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="633" />
        <source>About Malsori</source>
        <translation>말소리 정보</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="634" />
        <source>&lt;b&gt;Malsori %1&lt;/b&gt;&lt;p&gt;Speech to text on your own computer, with faster-whisper.&lt;/p&gt;&lt;p&gt;Audio never leaves this machine unless you send text to your own server.&lt;/p&gt;</source>
        <translation>&lt;b&gt;말소리 %1&lt;/b&gt;&lt;p&gt;faster-whisper로 내 컴퓨터에서 음성을 글로 바꿉니다.&lt;/p&gt;&lt;p&gt;직접 내 서버로 텍스트를 보내지 않는 한 오디오는 이 컴퓨터 밖으로 나가지 않습니다.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>OptionsPanel</name>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="348" />
        <location filename="../../desktop/malsori/ui/options_panel.py" line="487" />
        <source>Cancelling…</source>
        <extracomment>Item data of the "Local folder…" entry (never a model name or a path).</extracomment>
        <translation>취소하는 중…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="388" />
        <source>Choose a CTranslate2 model folder</source>
        <translation>CTranslate2 모델 폴더 선택</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="398" />
        <source>Not a model folder</source>
        <translation>모델 폴더가 아닙니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="399" />
        <source>{folder} is not a faster-whisper model folder.</source>
        <translation>{folder}은(는) faster-whisper 모델 폴더가 아닙니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="402" />
        <source>Choose a folder that holds a CTranslate2 Whisper model: it contains model.bin and config.json.</source>
        <translation>CTranslate2 Whisper 모델이 든 폴더를 고르세요. model.bin과 config.json이 있어야 합니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="455" />
        <source>Download cancelled. It resumes where it stopped next time.</source>
        <translation>다운로드를 취소했습니다. 다음에 멈춘 곳부터 이어서 받습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="460" />
        <source>Downloading {model}…</source>
        <translation>{model} 받는 중…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="463" />
        <source>{done} of {total}</source>
        <translation>{total} 중 {done}</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="469" />
        <source>about {n} min left</source>
        <translation>약 {n}분 남음</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="471" />
        <source>about {n} s left</source>
        <translation>약 {n}초 남음</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="500" />
        <source>{model} is not on this computer yet ({size}).</source>
        <translation>{model} 모델이 아직 이 컴퓨터에 없습니다 ({size}).</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="504" />
        <source>Try again</source>
        <translation>다시 시도</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="504" />
        <source>Download</source>
        <translation>다운로드</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="517" />
        <source>The model folder {folder} is gone; using {model}.</source>
        <translation>모델 폴더 {folder}이(가) 없어져 {model} 모델을 씁니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="521" />
        <source>{model} understands English only: choose a multilingual model such as base.</source>
        <translation>{model} 모델은 영어만 알아듣습니다. base 같은 다국어 모델을 고르세요.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="535" />
        <source>Detected: CPU only</source>
        <translation>감지됨: CPU만 있음</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="537" />
        <source>transcription falls back to the CPU</source>
        <translation>받아쓰기는 CPU로 대신합니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="539" />
        <source>Detected: 1 CUDA GPU</source>
        <translation>감지됨: CUDA GPU 1개</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="541" />
        <source>Detected: {n} CUDA GPUs</source>
        <translation>감지됨: CUDA GPU {n}개</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="552" />
        <source>&amp;Model</source>
        <translation>모델(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="553" />
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="554" />
        <source>&amp;Task</source>
        <translation>작업(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="555" />
        <source>&amp;Device</source>
        <translation>장치(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="556" />
        <source>The speech recognition model. Larger models are more accurate and slower.</source>
        <translation>음성 인식 모델입니다. 큰 모델일수록 정확하지만 느립니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="559" />
        <source>Auto-detect</source>
        <translation>자동 감지</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="560" />
        <source>Detect the spoken language from the first 30 seconds</source>
        <translation>처음 30초로 말하는 언어를 알아냅니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="565" />
        <source>{language} ({code})</source>
        <translation>{language} ({code})</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="566" />
        <source>The language spoken in the recording</source>
        <translation>녹음에서 말하는 언어</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="568" />
        <source>Transcribe</source>
        <translation>받아쓰기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="569" />
        <source>Translate to English</source>
        <translation>영어로 번역</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="570" />
        <source>Write down what is said, or translate it into English</source>
        <translation>말한 그대로 적거나 영어로 번역합니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="572" />
        <source>Auto</source>
        <translation>자동</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="572" />
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="572" />
        <source>GPU (CUDA)</source>
        <translation>GPU (CUDA)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="575" />
        <source>Auto uses the GPU when one is found, otherwise the CPU</source>
        <translation>자동은 GPU가 있으면 GPU를, 없으면 CPU를 씁니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="578" />
        <source>Advanced</source>
        <translation>고급</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="579" />
        <source>Show or hide the advanced options</source>
        <translation>고급 옵션 보이기/숨기기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="580" />
        <source>&amp;Beam size</source>
        <translation>빔 크기(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="581" />
        <source>More beams can be slightly more accurate and are slower (default 5)</source>
        <translation>빔이 많을수록 조금 더 정확할 수 있지만 느립니다 (기본값 5)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="582" />
        <source>Skip silence (VAD)</source>
        <translation>무음 건너뛰기 (VAD)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="583" />
        <source>Leave out silent parts; fewer invented words during pauses</source>
        <translation>조용한 부분을 빼서 쉬는 동안 지어낸 말이 줄어듭니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="584" />
        <source>Word timestamps</source>
        <translation>단어별 시간</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="586" />
        <source>Time and confidence for every word; the editor uses them to point at doubtful words</source>
        <translation>단어마다 시간과 신뢰도를 기록합니다. 편집기가 이를 써서 의심스러운 단어를 짚어 줍니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="588" />
        <source>&amp;Initial prompt</source>
        <translation>초기 프롬프트(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="589" />
        <source>Names, terms, spelling style…</source>
        <translation>이름, 용어, 표기 방식…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="590" />
        <source>Text that sets the vocabulary and style of the transcript</source>
        <translation>받아쓰기의 어휘와 문체를 정해 주는 텍스트</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="591" />
        <source>&amp;Hotwords</source>
        <translation>핫워드(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="592" />
        <source>Words to favour</source>
        <translation>우선할 단어</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="593" />
        <source>Words the model should prefer when it hesitates</source>
        <translation>모델이 망설일 때 우선 고를 단어</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="595" />
        <source>Download the model from the Hugging Face hub</source>
        <translation>Hugging Face 허브에서 모델을 받습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="596" />
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="597" />
        <source>Stop the download; it resumes where it stopped next time</source>
        <translation>다운로드를 멈춥니다. 다음에 멈춘 곳부터 이어서 받습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="601" />
        <source>99 languages</source>
        <translation>99개 언어</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="601" />
        <source>English only</source>
        <translation>영어 전용</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="603" />
        <source>{model} — bundled · {languages}</source>
        <translation>{model} — 내장 · {languages}</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="605" />
        <source>{model} — installed · {languages}</source>
        <translation>{model} — 설치됨 · {languages}</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="606" />
        <source>{model} — download {size}</source>
        <translation>{model} — 다운로드 {size}</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="614" />
        <source>Local folder…</source>
        <translation>로컬 폴더…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="615" />
        <source>Use your own CTranslate2 Whisper model folder</source>
        <translation>내 CTranslate2 Whisper 모델 폴더를 씁니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="618" />
        <source>{folder} — local folder</source>
        <translation>{folder} — 로컬 폴더</translation>
    </message>
</context>
<context>
    <name>Segments</name>
    <message>
        <location filename="../../desktop/malsori/ui/segment_table.py" line="49" />
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/segment_table.py" line="50" />
        <source>End</source>
        <translation>끝</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/segment_table.py" line="51" />
        <source>Text</source>
        <translation>텍스트</translation>
    </message>
</context>
</TS>