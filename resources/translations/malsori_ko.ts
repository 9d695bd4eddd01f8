<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>App</name>
    <message>
        <location filename="../../desktop/malsori/app.py" line="63"/>
        <source>Unexpected error</source>
        <translation>예상치 못한 오류</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/app.py" line="64"/>
        <source>Something went wrong: %1

The details are in the log file (Help ▸ Open log file).</source>
        <translation>문제가 생겼습니다: %1

자세한 내용은 로그 파일에 있습니다 (도움말 ▸ 로그 파일 열기).</translation>
    </message>
</context>
<context>
    <name>CaptionWindow</name>
    <message>
        <location filename="../../desktop/malsori/ui/recording_panel.py" line="82"/>
        <source>Live captions</source>
        <translation>실시간 자막</translation>
    </message>
</context>
<context>
    <name>DatasetDialog</name>
    <message>
        <location filename="../../desktop/malsori/ui/dataset_dialog.py" line="95"/>
        <source>Export training data</source>
        <translation>학습 데이터 내보내기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/dataset_dialog.py" line="109"/>
        <source>Only segments marked as reviewed</source>
        <translation>검토함으로 표시한 구간만</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/dataset_dialog.py" line="111"/>
        <source>Write numbers out as spoken (100 → one hundred, 백)</source>
        <translation>숫자를 읽는 대로 쓰기 (100 → 백, one hundred)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/dataset_dialog.py" line="116"/>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/dataset_dialog.py" line="130"/>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/dataset_dialog.py" line="133"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/dataset_dialog.py" line="139"/>
        <source>Projects (clips are cut at their segments, up to 30 s each):</source>
        <translation>프로젝트 (구간 경계에서 잘라 클립마다 최대 30초):</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/dataset_dialog.py" line="143"/>
        <source>Folder (empty, or a dataset exported before, which is replaced):</source>
        <translation>폴더 (비어 있거나, 전에 내보낸 데이터셋이면 새로 바뀝니다):</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/dataset_dialog.py" line="161"/>
        <source>Export training data to</source>
        <translation>학습 데이터를 내보낼 폴더</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/dataset_dialog.py" line="191"/>
        <source>Exporting %n project(s)…</source>
        <translation>
            <numerusform>프로젝트 %n개를 내보내는 중…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/dataset_dialog.py" line="199"/>
        <source>Cancelling…</source>
        <translation>취소하는 중…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/dataset_dialog.py" line="215"/>
        <source>Wrote %n clip(s), %1 of audio (%2 hours), to %3: %4 for training, %5 for testing.</source>
        <translation>
            <numerusform>클립 %n개, 오디오 %1(%2시간)을 %3에 썼습니다: 학습용 %4, 테스트용 %5.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/dataset_dialog.py" line="220"/>
        <source>%n item(s) skipped (see summary.json):</source>
        <translation>
            <numerusform>항목 %n개를 건너뛰었습니다 (summary.json 참고):</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/dataset_dialog.py" line="228"/>
        <source>Cancelled; the folder was left as it was.</source>
        <translation>취소했습니다. 폴더는 그대로 두었습니다.</translation>
    </message>
</context>
<context>
    <name>DropZone</name>
    <message>
        <location filename="../../desktop/malsori/ui/drop_zone.py" line="69"/>
        <source>Drop audio or video files here</source>
        <translation>오디오나 동영상 파일을 여기에 끌어다 놓으세요</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/drop_zone.py" line="71"/>
        <source>Whole folders work too. The audio is sent to {hosts} (Remote engine).</source>
        <translation>폴더째 놓아도 됩니다. 오디오는 {hosts}(으)로 보내집니다(원격 엔진).</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/drop_zone.py" line="74"/>
        <source>Whole folders work too. Everything stays on this computer.</source>
        <translation>폴더째 놓아도 됩니다. 모든 작업은 이 컴퓨터 안에서만 이루어집니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/drop_zone.py" line="75"/>
        <source>Open files…</source>
        <translation>파일 열기…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/drop_zone.py" line="76"/>
        <source>Try a sample</source>
        <translation>예제로 해 보기</translation>
    </message>
</context>
<context>
    <name>Editor</name>
    <message>
        <location filename="../../desktop/malsori/ui/editor_model.py" line="104"/>
        <source>Saved as the known voice %1</source>
        <extracomment>More changed rows than this in one edit: check the whole transcript again at once. Compare with reference: red is what the reference does not say, green what it says instead.</extracomment>
        <translation>알려진 목소리 %1(으)로 저장됨</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_model.py" line="105"/>
        <source>Recognized as %1 (similarity %2)</source>
        <translation>%1(으)로 인식됨 (유사도 %2)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_model.py" line="146"/>
        <source>Start</source>
        <extracomment>a typed value was refused: the message says why Compare with reference: the segments the marks were made for, and each one&apos;s marks the last edit&apos;s run of rows: the segments before it, where the run starts, the segments it replaced and those it put there (None after a whole-transcript check)</extracomment>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_model.py" line="147"/>
        <source>End</source>
        <translation>끝</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_model.py" line="148"/>
        <source>Duration</source>
        <translation>길이</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_model.py" line="149"/>
        <source>CPS</source>
        <translation>초당 글자</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_model.py" line="150"/>
        <source>Speaker</source>
        <translation>화자</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_model.py" line="151"/>
        <source>Text</source>
        <translation>텍스트</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_model.py" line="221"/>
        <source>Edit text</source>
        <translation>텍스트 고치기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_model.py" line="225"/>
        <source>Assign speaker</source>
        <translation>화자 지정</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_model.py" line="230"/>
        <source>A segment cannot end before it starts.</source>
        <translation>구간은 시작보다 먼저 끝날 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_model.py" line="231"/>
        <source>Set start</source>
        <translation>시작 정하기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_model.py" line="232"/>
        <source>Set end</source>
        <translation>끝 정하기</translation>
    </message>
</context>
<context>
    <name>EditorWindow</name>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="363"/>
        <source>Undo history</source>
        <extracomment>Compare with reference: the reference&apos;s file and text, while one is compared</extracomment>
        <translation>실행 취소 기록</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="364"/>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="365"/>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="366"/>
        <source>&amp;Review</source>
        <translation>검토(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="367"/>
        <source>&amp;Playback</source>
        <translation>재생(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="368"/>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="369"/>
        <source>&amp;Tools</source>
        <translation>도구(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="370"/>
        <source>Summary (your vLLM server)</source>
        <translation>요약 (내 vLLM 서버)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="372"/>
        <source>&amp;Save</source>
        <translation>저장(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="372"/>
        <source>&amp;Export…</source>
        <translation>내보내기(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="373"/>
        <source>&amp;Open subtitles…</source>
        <translation>자막 열기(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="373"/>
        <source>&amp;Close</source>
        <translation>닫기(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="374"/>
        <source>Play / pause</source>
        <translation>재생 / 일시 정지</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="375"/>
        <source>Replay the last %1 seconds</source>
        <translation>마지막 %1초 다시 듣기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="376"/>
        <source>&amp;Split at the cursor</source>
        <translation>커서 위치에서 나누기(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="376"/>
        <source>&amp;Merge with next</source>
        <translation>다음 구간과 합치기(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="377"/>
        <source>Insert &amp;before</source>
        <translation>앞에 끼워 넣기(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="377"/>
        <source>Insert &amp;after</source>
        <translation>뒤에 끼워 넣기(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="378"/>
        <source>&amp;Delete segments</source>
        <translation>구간 지우기(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="379"/>
        <source>Shift 100 ms earlier</source>
        <translation>100 ms 앞당기기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="380"/>
        <source>Shift 100 ms later</source>
        <translation>100 ms 늦추기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="381"/>
        <source>Shift &amp;by…</source>
        <translation>시간 옮기기(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="382"/>
        <source>Set start to the playback position</source>
        <translation>시작을 재생 위치로</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="383"/>
        <source>Set end to the playback position</source>
        <translation>끝을 재생 위치로</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="384"/>
        <source>&amp;Fix timing (overlaps and gaps)</source>
        <translation>시간 고치기 (겹침과 간격)(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="385"/>
        <source>&amp;Find…</source>
        <translation>찾기(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="385"/>
        <source>&amp;Replace…</source>
        <translation>바꾸기(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="386"/>
        <source>Mark as &amp;reviewed</source>
        <translation>검토함으로 표시(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="387"/>
        <source>&amp;Next uncertain word</source>
        <translation>다음 불확실한 단어(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="388"/>
        <source>&amp;Previous uncertain word</source>
        <translation>이전 불확실한 단어(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="389"/>
        <source>Undo &amp;history</source>
        <translation>실행 취소 기록(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="390"/>
        <source>&amp;Follow playback</source>
        <translation>재생 따라가기(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="391"/>
        <source>&amp;Summarize, translate, ask (LLM)…</source>
        <translation>요약·번역·질문 (LLM)(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="392"/>
        <source>&amp;Compare with reference…</source>
        <translation>참조 텍스트와 비교(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="393"/>
        <source>C&amp;lear comparison</source>
        <translation>비교 지우기(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="397"/>
        <source>&amp;Undo</source>
        <translation>실행 취소(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="398"/>
        <source>&amp;Redo</source>
        <translation>다시 실행(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="399"/>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="773"/>
        <source>Play</source>
        <translation>재생</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="400"/>
        <source>↺ %1 s</source>
        <translation>↺ %1초</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="402"/>
        <source>Playback speed</source>
        <translation>재생 속도</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="421"/>
        <source>The media file %1 is missing; editing without sound.</source>
        <translation>미디어 파일 %1이(가) 없어 소리 없이 편집합니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="518"/>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="529"/>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="531"/>
        <source>Split</source>
        <translation>나누기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="543"/>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="545"/>
        <source>Merge</source>
        <translation>합치기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="569"/>
        <source>Insert segment</source>
        <translation>구간 끼워 넣기</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/editor_window.py" line="579"/>
        <source>Delete %n segment(s)</source>
        <translation>
            <numerusform>구간 %n개 지우기</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="584"/>
        <source>Shift by %1 ms</source>
        <translation>%1 ms 옮기기</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/editor_window.py" line="589"/>
        <source>the %n selected segment(s)</source>
        <translation>
            <numerusform>선택한 구간 %n개</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="589"/>
        <source>all segments</source>
        <translation>모든 구간</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="590"/>
        <source>Shift</source>
        <translation>시간 옮기기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="590"/>
        <source>Shift %1 by (milliseconds):</source>
        <translation>%1을(를) 옮길 시간 (밀리초):</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="602"/>
        <source>Set start</source>
        <translation>시작 정하기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="602"/>
        <source>Set end</source>
        <translation>끝 정하기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="606"/>
        <source>Drag timing</source>
        <translation>시간 끌어 옮기기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="620"/>
        <source>Mark reviewed</source>
        <translation>검토함 표시</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="620"/>
        <source>Mark not reviewed</source>
        <translation>검토 안 함 표시</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="630"/>
        <source>Fix timing</source>
        <translation>시간 고치기</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/editor_window.py" line="631"/>
        <source>Retimed %n segment(s)</source>
        <translation>
            <numerusform>구간 %n개의 시간을 고쳤습니다</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="633"/>
        <source>No overlaps or short gaps to fix.</source>
        <translation>고칠 겹침이나 짧은 간격이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="664"/>
        <source>No uncertain words left to review.</source>
        <translation>검토할 불확실한 단어가 남지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="707"/>
        <source>The server gave text only: times are estimated and there are no review marks.</source>
        <translation>서버가 텍스트만 주었습니다: 시간은 추정값이고 검토 표시가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="709"/>
        <source>The server gave no word timings: review marks are per segment.</source>
        <translation>서버가 단어별 시간을 주지 않았습니다: 검토 표시는 구간 단위입니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="711"/>
        <source>The server gave no word confidences: review marks follow each segment&apos;s confidence.</source>
        <translation>서버가 단어별 신뢰도를 주지 않았습니다: 검토 표시는 각 구간의 신뢰도를 따릅니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="713"/>
        <source>The server gave no confidences: there are no review marks.</source>
        <translation>서버가 신뢰도를 주지 않았습니다: 검토 표시가 없습니다.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/editor_window.py" line="741"/>
        <source>%n segment(s) left to review</source>
        <translation>
            <numerusform>검토할 구간 %n개 남음</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="742"/>
        <source>Nothing left to review</source>
        <translation>검토할 것이 없습니다</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/editor_window.py" line="744"/>
        <source>%n warning(s)</source>
        <translation>
            <numerusform>경고 %n개</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="773"/>
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="127"/>
        <source>Autosave failed: %1</source>
        <translation>자동 저장 실패: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="813"/>
        <source>Save project</source>
        <translation>프로젝트 저장</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="814"/>
        <source>Malsori projects (*.malsori)</source>
        <translation>말소리 프로젝트 (*.malsori)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="822"/>
        <source>Save failed</source>
        <translation>저장 실패</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="827"/>
        <source>Saved %1</source>
        <translation>%1에 저장했습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="837"/>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="848"/>
        <source>Export failed</source>
        <translation>내보내기 실패</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="851"/>
        <source>Exported %1</source>
        <translation>%1(으)로 내보냈습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="857"/>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="869"/>
        <source>Compare with reference</source>
        <translation>참조 텍스트와 비교</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="858"/>
        <source>Reference transcripts</source>
        <translation>참조 텍스트</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="891"/>
        <source>%1 %2 % against %3 (%4 substituted, %5 missing, %6 extra)</source>
        <translation>%3 대비 %1 %2 % (대체 %4, 누락 %5, 추가 %6)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="896"/>
        <source>%1 errors in %2 reference tokens, after Whisper&apos;s normalization (case and punctuation do not count). Struck through: not in the reference; green: what the reference says.</source>
        <translation>참조 토큰 %2개 중 오류 %1개 (Whisper 정규화 뒤: 대소문자와 문장부호는 세지 않습니다). 취소선: 참조에 없는 말, 초록색: 참조에 있는 말.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="909"/>
        <source>%1 — Malsori editor</source>
        <translation>%1 — 말소리 편집기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="915"/>
        <source>Unsaved changes</source>
        <translation>저장하지 않은 변경</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="915"/>
        <source>Save the changes to %1?</source>
        <translation>%1의 변경 내용을 저장할까요?</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="938"/>
        <source>Open subtitles</source>
        <translation>자막 열기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="939"/>
        <source>Subtitles</source>
        <translation>자막</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="943"/>
        <source>Its audio or video (optional)</source>
        <translation>자막의 오디오나 동영상 (선택)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="944"/>
        <source>Audio and video</source>
        <translation>오디오와 동영상</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/editor_window.py" line="953"/>
        <source>Cannot open subtitles</source>
        <translation>자막을 열 수 없습니다</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <location filename="../../desktop/malsori/ui/export_dialog.py" line="29"/>
        <source>SubRip subtitles</source>
        <translation>SubRip 자막</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/export_dialog.py" line="30"/>
        <source>WebVTT subtitles</source>
        <translation>WebVTT 자막</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/export_dialog.py" line="31"/>
        <source>Plain text</source>
        <translation>일반 텍스트</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/export_dialog.py" line="32"/>
        <source>Malsori JSON (words and timings)</source>
        <translation>말소리 JSON (단어와 시간 정보)</translation>
    </message>
</context>
<context>
    <name>ExportAllDialog</name>
    <message>
        <location filename="../../desktop/malsori/ui/export_dialog.py" line="56"/>
        <source>Export all finished transcripts</source>
        <translation>완료된 받아쓰기 모두 내보내기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/export_dialog.py" line="62"/>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/export_dialog.py" line="71"/>
        <source>Formats:</source>
        <translation>형식:</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/export_dialog.py" line="74"/>
        <source>Folder:</source>
        <translation>폴더:</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/export_dialog.py" line="79"/>
        <source>Export to folder</source>
        <translation>내보낼 폴더</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../../desktop/malsori/ui/find_bar.py" line="71"/>
        <source>Fi&amp;nd:</source>
        <translation>찾기(&amp;N):</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/find_bar.py" line="72"/>
        <source>Re&amp;place with:</source>
        <translation>바꿀 말(&amp;P):</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/find_bar.py" line="73"/>
        <source>Match case</source>
        <translation>대소문자 구분</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/find_bar.py" line="74"/>
        <source>Whole words</source>
        <translation>단어 단위로</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/find_bar.py" line="75"/>
        <source>Regular expression</source>
        <translation>정규식</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/find_bar.py" line="76"/>
        <source>In selection only</source>
        <translation>선택한 곳에서만</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/find_bar.py" line="77"/>
        <source>Next</source>
        <translation>다음</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/find_bar.py" line="78"/>
        <source>Previous</source>
        <translation>이전</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/find_bar.py" line="79"/>
        <location filename="../../desktop/malsori/ui/find_bar.py" line="140"/>
        <source>Replace</source>
        <translation>바꾸기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/find_bar.py" line="80"/>
        <source>Replace all</source>
        <translation>모두 바꾸기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/find_bar.py" line="81"/>
        <source>Close (Esc)</source>
        <translation>닫기 (Esc)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/find_bar.py" line="122"/>
        <source>Not found</source>
        <translation>찾지 못했습니다</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/find_bar.py" line="153"/>
        <source>Replace %n occurrence(s)</source>
        <translation>
            <numerusform>%n곳 바꾸기</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/find_bar.py" line="154"/>
        <source>Replaced %n occurrence(s)</source>
        <translation>
            <numerusform>%n곳을 바꿨습니다</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <location filename="../../desktop/malsori/ui/history_panel.py" line="70"/>
        <source>History</source>
        <translation>기록</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/history_panel.py" line="71"/>
        <source>Saved transcripts. Double-click to open one; F2 renames, Delete deletes.</source>
        <translation>저장된 전사 기록입니다. 두 번 누르면 열리고, F2는 이름 바꾸기, Delete는 지우기입니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/history_panel.py" line="72"/>
        <source>&amp;Open</source>
        <translation>열기(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/history_panel.py" line="73"/>
        <source>&amp;Rename…</source>
        <translation>이름 바꾸기(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/history_panel.py" line="74"/>
        <source>&amp;Delete…</source>
        <translation>지우기(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/history_panel.py" line="88"/>
        <source>%1 (partial)</source>
        <translation>%1 (일부)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/history_panel.py" line="131"/>
        <source>Rename</source>
        <translation>이름 바꾸기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/history_panel.py" line="131"/>
        <source>New title:</source>
        <translation>새 제목:</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/history_panel.py" line="138"/>
        <source>Cannot rename</source>
        <translation>이름을 바꿀 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/history_panel.py" line="150"/>
        <source>Delete “%1” from the history? Its saved transcript is removed; the audio file is not touched.</source>
        <translation>“%1”을(를) 기록에서 지울까요? 저장된 전사는 지워지고, 오디오 파일은 그대로 둡니다.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/history_panel.py" line="153"/>
        <source>Delete %n saved transcripts from the history? The audio files are not touched.</source>
        <translation>
            <numerusform>저장된 전사 %n개를 기록에서 지울까요? 오디오 파일은 그대로 둡니다.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/history_panel.py" line="155"/>
        <source>Delete transcript</source>
        <translation>전사 지우기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/history_panel.py" line="164"/>
        <source>Cannot delete</source>
        <translation>지울 수 없습니다</translation>
    </message>
</context>
<context>
    <name>Jobs</name>
    <message>
        <location filename="../../desktop/malsori/ui/jobs.py" line="47"/>
        <source>Finding speakers</source>
        <translation>화자 찾는 중</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/jobs.py" line="49"/>
        <source>Waiting</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/jobs.py" line="50"/>
        <source>Transcribing</source>
        <translation>받아쓰는 중</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/jobs.py" line="51"/>
        <source>Done</source>
        <translation>완료</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/jobs.py" line="52"/>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/jobs.py" line="53"/>
        <source>Cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/jobs.py" line="127"/>
        <source>File</source>
        <extracomment>The job&apos;s text in History (project_path): a finished result, or partial when a run was stopped. A re-run keeps it until its own result replaces it.</extracomment>
        <translation>파일</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/jobs.py" line="128"/>
        <source>Length</source>
        <translation>길이</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/jobs.py" line="129"/>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/jobs.py" line="130"/>
        <source>Progress</source>
        <translation>진행</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/jobs.py" line="131"/>
        <source>Time left</source>
        <translation>남은 시간</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/jobs.py" line="132"/>
        <source>Language</source>
        <translation>언어</translation>
    </message>
</context>
<context>
    <name>LlmAction</name>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="134"/>
        <source>Summarize</source>
        <translation>요약</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="135"/>
        <source>Action items</source>
        <translation>할 일</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="136"/>
        <source>Key points</source>
        <translation>핵심 내용</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="137"/>
        <source>Translate to…</source>
        <translation>번역…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="138"/>
        <source>Custom prompt</source>
        <translation>직접 입력한 프롬프트</translation>
    </message>
</context>
<context>
    <name>LlmError</name>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="94"/>
        <source>The server has no model named “{model}” (it has: {names}).</source>
        <translation>서버에 “{model}” 모델이 없습니다 (있는 모델: {names}).</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="96"/>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="101"/>
        <source>The server lists no models.</source>
        <translation>서버에 모델이 하나도 없습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="102"/>
        <source>No model is chosen and the server has {n}: {names}. Choose one in the Model list.</source>
        <translation>모델을 고르지 않았는데 서버에 모델이 {n}개 있습니다: {names}. 모델 목록에서 하나를 고르세요.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="111"/>
        <source>Check the LLM settings</source>
        <translation>LLM 설정을 확인하세요</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="112"/>
        <source>Cannot reach the server</source>
        <translation>서버에 연결할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="113"/>
        <source>Server name not found</source>
        <translation>서버 이름을 찾을 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="114"/>
        <source>Secure connection failed</source>
        <translation>보안 연결에 실패했습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="115"/>
        <source>API key refused</source>
        <translation>API 키가 거부되었습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="116"/>
        <source>Unknown model</source>
        <translation>알 수 없는 모델</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="117"/>
        <source>Wrong server address</source>
        <translation>서버 주소가 잘못되었습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="118"/>
        <source>Text too long for the model</source>
        <translation>모델이 처리하기에 텍스트가 너무 깁니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="119"/>
        <source>Request rejected</source>
        <translation>요청이 거부되었습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="120"/>
        <source>Redirect refused</source>
        <translation>리디렉션을 따르지 않았습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="121"/>
        <source>Server busy</source>
        <translation>서버가 바쁩니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="122"/>
        <source>Server error</source>
        <translation>서버 오류</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="123"/>
        <source>No answer in time</source>
        <translation>제시간에 응답이 없습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="124"/>
        <source>Answer cut off</source>
        <translation>응답이 중간에 끊겼습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="125"/>
        <source>Unexpected answer from the server</source>
        <translation>서버의 응답 형식이 예상과 다릅니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="126"/>
        <source>Stopped</source>
        <translation>중지됨</translation>
    </message>
</context>
<context>
    <name>LlmSettingsDialog</name>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="257"/>
        <source>LLM server</source>
        <translation>LLM 서버</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="258"/>
        <source>Your vLLM server (OpenAI-compatible)</source>
        <translation>내 vLLM 서버 (OpenAI 호환)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="259"/>
        <source>Server address:</source>
        <translation>서버 주소:</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="259"/>
        <source>API key:</source>
        <translation>API 키:</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="259"/>
        <source>Model:</source>
        <translation>모델:</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="259"/>
        <source>Timeout:</source>
        <translation>제한 시간:</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="260"/>
        <source>Temperature:</source>
        <translation>온도:</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="260"/>
        <source>Max output tokens:</source>
        <translation>최대 출력 토큰:</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="263"/>
        <source>optional</source>
        <translation>선택 사항</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="264"/>
        <source>Kept in the system keyring, never in the settings file.</source>
        <translation>설정 파일이 아닌 시스템 키링에만 보관됩니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="266"/>
        <source>No system keyring was found: the key is kept only until Malsori closes.</source>
        <translation>시스템 키링이 없어 키는 Malsori를 닫을 때까지만 보관됩니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="267"/>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="268"/>
        <source>Ask the server for its models</source>
        <translation>서버에 모델 목록을 요청합니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="269"/>
        <source> s</source>
        <translation> 초</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="270"/>
        <source>How long to wait for the answer to start, and for each next piece</source>
        <translation>응답이 시작될 때까지, 그리고 다음 조각이 올 때까지 기다리는 시간</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="271"/>
        <source>The longest answer; this much of the model&apos;s context is kept free for it</source>
        <translation>가장 긴 응답 길이. 모델 컨텍스트에서 이만큼을 응답용으로 비워 둡니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="272"/>
        <source>Test connection</source>
        <translation>연결 테스트</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="273"/>
        <source>Prompt templates</source>
        <translation>프롬프트 템플릿</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="283"/>
        <source>English</source>
        <translation>영어</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="284"/>
        <source>Korean</source>
        <translation>한국어</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="285"/>
        <source>Restore default</source>
        <translation>기본값으로 복원</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="286"/>
        <source>The Korean template is used for Korean transcripts, the English one for all others. {target} stands for the language to translate into.</source>
        <translation>한국어 전사문에는 한국어 템플릿이, 그 밖의 언어에는 영어 템플릿이 쓰입니다. {target}은 번역할 언어를 뜻합니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="336"/>
        <source>Asking the server…</source>
        <translation>서버에 묻는 중…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="364"/>
        <source>The server has %n model(s).</source>
        <translation>
            <numerusform>서버에 모델이 %n개 있습니다.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="376"/>
        <source>Connected: {model} answered in {seconds} s.</source>
        <translation>연결됨: {model}이(가) {seconds}초 만에 응답했습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="378"/>
        <source>It is the server&apos;s only model, so it is now chosen.</source>
        <translation>서버의 유일한 모델이라 이 모델로 정했습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="411"/>
        <source>Context: {n} tokens</source>
        <translation>컨텍스트: {n} 토큰</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="412"/>
        <source>Context: not reported (4,096 tokens assumed)</source>
        <translation>컨텍스트: 알려지지 않음 (4,096 토큰으로 가정)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="414"/>
        <source>Choose one of the server&apos;s %n model(s).</source>
        <translation>
            <numerusform>서버의 모델 %n개 중 하나를 고르세요.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/llm_settings.py" line="416"/>
        <source>Press Refresh to list the server&apos;s models.</source>
        <translation>서버의 모델을 보려면 새로 고침을 누르세요.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="289"/>
        <source>Malsori</source>
        <translation>말소리</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="290"/>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="291"/>
        <source>&amp;Open files…</source>
        <translation>파일 열기(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="292"/>
        <source>Open &amp;folder…</source>
        <translation>폴더 열기(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="293"/>
        <source>Open &amp;recent</source>
        <translation>최근 파일(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="294"/>
        <source>Try a &amp;sample</source>
        <translation>예제로 해 보기(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="295"/>
        <source>Open s&amp;ubtitles to edit…</source>
        <translation>편집할 자막 열기(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="296"/>
        <source>&amp;Record a session…</source>
        <translation>녹음하기(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="297"/>
        <source>Record</source>
        <translation>녹음</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="298"/>
        <source>E&amp;dit transcript…</source>
        <translation>받아쓰기 편집(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="299"/>
        <source>&amp;Export…</source>
        <translation>내보내기(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="300"/>
        <source>Export &amp;all finished…</source>
        <translation>완료된 것 모두 내보내기(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="301"/>
        <source>Export &amp;training data…</source>
        <translation>학습 데이터 내보내기(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="302"/>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="303"/>
        <source>&amp;Queue</source>
        <translation>대기열(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="304"/>
        <source>&amp;Cancel selected</source>
        <translation>선택 항목 취소(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="305"/>
        <source>Cancel a&amp;ll</source>
        <translation>모두 취소(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="306"/>
        <source>&amp;Retry selected</source>
        <translation>선택 항목 다시 시도(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="307"/>
        <source>Re&amp;move selected</source>
        <translation>선택 항목 제거(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="308"/>
        <source>&amp;Settings</source>
        <translation>설정(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="309"/>
        <source>Interface &amp;language</source>
        <translation>화면 언어(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="310"/>
        <source>Known &amp;voices…</source>
        <translation>알려진 목소리(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="312"/>
        <source>System default</source>
        <translation>시스템 기본값</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="315"/>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="316"/>
        <source>Open &amp;log file</source>
        <translation>로그 파일 열기(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="317"/>
        <source>&amp;About Malsori</source>
        <translation>말소리 정보(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="318"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="319"/>
        <source>Cancel all</source>
        <translation>모두 취소</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="320"/>
        <source>Retry</source>
        <translation>다시 시도</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="321"/>
        <source>Remove</source>
        <translation>제거</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="322"/>
        <source>Edit…</source>
        <translation>편집…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="323"/>
        <source>Export…</source>
        <translation>내보내기…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="324"/>
        <source>Export all…</source>
        <translation>모두 내보내기…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="380"/>
        <source>%1 is already in the queue. Retry transcribes it again.</source>
        <translation>%1은(는) 이미 대기열에 있습니다. 다시 시도하면 다시 전사합니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="407"/>
        <source>Open audio or video files</source>
        <translation>오디오 또는 동영상 파일 열기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="408"/>
        <source>Audio and video</source>
        <translation>오디오와 동영상</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="408"/>
        <source>All files</source>
        <translation>모든 파일</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="415"/>
        <source>Open a folder of recordings</source>
        <translation>녹음 폴더 열기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="432"/>
        <source>No recent files</source>
        <translation>최근 파일 없음</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="652"/>
        <source>Select a file in the queue to see its text.</source>
        <translation>대기열에서 파일을 고르면 텍스트가 보입니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="663"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/main_window.py" line="666"/>
        <source>%1 — %n segment(s)</source>
        <translation>
            <numerusform>%1 — 구간 %n개</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="693"/>
        <source>Loading model %1…</source>
        <translation>모델 %1 불러오는 중…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="710"/>
        <source>Model: %1 (on the server)</source>
        <translation>모델: %1 (서버)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="712"/>
        <source>Model: %1</source>
        <translation>모델: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="714"/>
        <source>Device: %1</source>
        <translation>장치: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="720"/>
        <source>Transcribing %1 (%2 waiting)</source>
        <translation>%1 받아쓰는 중 (대기 %2개)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/main_window.py" line="722"/>
        <source>%n file(s) waiting: %1</source>
        <translation>
            <numerusform>파일 %n개 대기 중: %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="724"/>
        <source>Ready</source>
        <translation>준비됨</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="737"/>
        <source>Cannot open project</source>
        <translation>프로젝트를 열 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="804"/>
        <source>Restore unsaved changes?</source>
        <translation>저장하지 않은 변경을 되살릴까요?</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="805"/>
        <source>Malsori closed before the changes to “%1” were saved. Restore them?</source>
        <translation>“%1”의 변경 내용을 저장하기 전에 말소리가 닫혔습니다. 되살릴까요?</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="814"/>
        <source>Cannot restore</source>
        <translation>되살릴 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="829"/>
        <source>Export transcript</source>
        <translation>받아쓰기 내보내기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="841"/>
        <location filename="../../desktop/malsori/ui/main_window.py" line="890"/>
        <source>Export failed</source>
        <translation>내보내기 실패</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="843"/>
        <source>Exported %1</source>
        <translation>%1(으)로 내보냈습니다</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/main_window.py" line="893"/>
        <source>Exported %n file(s)</source>
        <translation>
            <numerusform>파일 %n개를 내보냈습니다</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="898"/>
        <source>Replace files?</source>
        <translation>파일을 바꿀까요?</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/main_window.py" line="899"/>
        <source>%n file(s) to be exported exist already:</source>
        <translation>
            <numerusform>내보낼 파일 %n개가 이미 있습니다:</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="901"/>
        <source>Replace them?</source>
        <translation>바꿀까요?</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="908"/>
        <source>Cannot export there</source>
        <translation>그곳으로 내보낼 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="909"/>
        <source>Nothing was written. Choose another folder?</source>
        <translation>아무것도 쓰지 않았습니다. 다른 폴더를 고를까요?</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="914"/>
        <source>Export to folder</source>
        <translation>폴더로 내보내기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="939"/>
        <source>About Malsori</source>
        <translation>말소리 정보</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="940"/>
        <source>&lt;b&gt;Malsori %1&lt;/b&gt;&lt;p&gt;Speech to text on your own computer, with faster-whisper.&lt;/p&gt;&lt;p&gt;Audio never leaves this machine unless you choose the Remote engine; text only when you send it to your own server.&lt;/p&gt;</source>
        <translation>&lt;b&gt;말소리 %1&lt;/b&gt;&lt;p&gt;faster-whisper로 내 컴퓨터에서 음성을 글로 바꿉니다.&lt;/p&gt;&lt;p&gt;원격 엔진을 고르지 않는 한 오디오는 이 컴퓨터 밖으로 나가지 않고, 텍스트는 직접 내 서버로 보낼 때만 나갑니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="999"/>
        <source>Its saved transcript is gone. Retry transcribes it again.</source>
        <translation>저장된 전사가 없어졌습니다. 다시 시도하면 다시 전사합니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="1019"/>
        <source>Transcription in progress</source>
        <translation>전사 중</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="1022"/>
        <source>Malsori is transcribing “%1” (%2 more waiting). Close anyway?</source>
        <translation>말소리가 “%1”을(를) 전사하는 중입니다 (%2개 더 대기 중). 그래도 닫을까요?</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/main_window.py" line="1025"/>
        <source>%n file(s) are waiting to be transcribed. Close anyway?</source>
        <translation>
            <numerusform>파일 %n개가 전사를 기다리고 있습니다. 그래도 닫을까요?</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="1027"/>
        <source>Nothing is lost: the queue is kept, and the next time you open Malsori it transcribes the stopped file again from its start and goes on with the rest. The text so far stays in History until then.</source>
        <translation>잃는 것은 없습니다. 대기열은 보관되고, 다음에 말소리를 열면 멈춘 파일을 처음부터 다시 전사한 뒤 나머지를 이어서 합니다. 그때까지 지금까지의 텍스트는 기록에 남아 있습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="1030"/>
        <source>Keep working</source>
        <translation>계속 작업</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/main_window.py" line="1032"/>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
</context>
<context>
    <name>MediaLoader</name>
    <message>
        <location filename="../../desktop/malsori/ui/media_loader.py" line="33"/>
        <source>The waveform could not be drawn: %1</source>
        <translation>파형을 그리지 못했습니다: %1</translation>
    </message>
</context>
<context>
    <name>MergeSpeakersDialog</name>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_dialogs.py" line="75"/>
        <source>Merge speakers</source>
        <translation>화자 합치기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_dialogs.py" line="88"/>
        <source>Merge:</source>
        <translation>합칠 화자:</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_dialogs.py" line="89"/>
        <source>Into:</source>
        <translation>합쳐질 화자:</translation>
    </message>
</context>
<context>
    <name>OptionsPanel</name>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="419"/>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="677"/>
        <source>Cancelling…</source>
        <extracomment>Item data of the &quot;Local folder…&quot; entry (never a model name or a path). Item data of the &quot;Import fine-tuned model…&quot; entry. Beam-search patience the panel offers: 1.0 is Whisper&apos;s own; above it the search keeps more finished candidates before it stops (slower, sometimes better).</extracomment>
        <translation>취소하는 중…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="433"/>
        <source>Please wait</source>
        <translation>잠시 기다려 주세요</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="433"/>
        <source>Wait for the model being downloaded or imported first.</source>
        <translation>내려받거나 가져오는 중인 모델이 끝날 때까지 기다려 주세요.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="440"/>
        <source>The convert extra is missing</source>
        <translation>convert 추가 구성 요소가 없습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="441"/>
        <source>Importing a fine-tuned checkpoint needs the optional convert extra (transformers and torch), which is not installed.</source>
        <translation>미세 조정한 체크포인트를 가져오려면 선택 구성 요소 convert(transformers와 torch)가 필요한데, 설치되어 있지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="445"/>
        <source>Not a fine-tuned Whisper checkpoint</source>
        <translation>미세 조정한 Whisper 체크포인트가 아닙니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="446"/>
        <source>Choose the folder fine-tuning wrote: config.json, model.safetensors or pytorch_model.bin, tokenizer.json and preprocessor_config.json.</source>
        <translation>미세 조정이 만든 폴더를 고르세요: config.json, model.safetensors 또는 pytorch_model.bin, tokenizer.json, preprocessor_config.json이 든 폴더입니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="502"/>
        <source>Choose a CTranslate2 model folder</source>
        <translation>CTranslate2 모델 폴더 선택</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="510"/>
        <source>Choose a fine-tuned Whisper checkpoint folder</source>
        <translation>미세 조정한 Whisper 체크포인트 폴더 선택</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="515"/>
        <source>Not a model folder</source>
        <translation>모델 폴더가 아닙니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="516"/>
        <source>{folder} is not a faster-whisper model folder.</source>
        <translation>{folder}은(는) faster-whisper 모델 폴더가 아닙니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="517"/>
        <source>Choose a folder that holds a CTranslate2 Whisper model: it contains model.bin and config.json.</source>
        <translation>CTranslate2 Whisper 모델이 든 폴더를 고르세요. model.bin과 config.json이 있어야 합니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="546"/>
        <source>Import failed</source>
        <translation>가져오기 실패</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="550"/>
        <source>loading the checkpoint</source>
        <translation>체크포인트를 불러오는 중</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="551"/>
        <source>converting it to CTranslate2</source>
        <translation>CTranslate2로 변환하는 중</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="552"/>
        <source>copying the tokenizer files</source>
        <translation>토크나이저 파일을 복사하는 중</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="555"/>
        <source>Importing {model}…</source>
        <translation>{model} 가져오는 중…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="556"/>
        <source>Importing {model}: {stage}… (step {n} of {total})</source>
        <translation>{model} 가져오는 중: {stage}… ({total}단계 중 {n}단계)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="633"/>
        <source>Download cancelled. It resumes where it stopped next time.</source>
        <translation>다운로드를 취소했습니다. 다음에 멈춘 곳부터 이어서 받습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="638"/>
        <source>Downloading {model}…</source>
        <translation>{model} 받는 중…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="641"/>
        <source>{done} of {total}</source>
        <translation>{total} 중 {done}</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="647"/>
        <source>about {n} min left</source>
        <translation>약 {n}분 남음</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="649"/>
        <source>about {n} s left</source>
        <translation>약 {n}초 남음</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="690"/>
        <source>{model} is not on this computer yet ({size}).</source>
        <translation>{model} 모델이 아직 이 컴퓨터에 없습니다 ({size}).</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="694"/>
        <source>Try again</source>
        <translation>다시 시도</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="694"/>
        <source>Download</source>
        <translation>다운로드</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="707"/>
        <source>The model folder {folder} is gone; using {model}.</source>
        <translation>모델 폴더 {folder}이(가) 없어져 {model} 모델을 씁니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="711"/>
        <source>{model} understands English only: choose a multilingual model such as base.</source>
        <translation>{model} 모델은 영어만 알아듣습니다. base 같은 다국어 모델을 고르세요.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="725"/>
        <source>Detected: CPU only</source>
        <translation>감지됨: CPU만 있음</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="727"/>
        <source>transcription falls back to the CPU</source>
        <translation>받아쓰기는 CPU로 대신합니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="729"/>
        <source>Detected: 1 CUDA GPU</source>
        <translation>감지됨: CUDA GPU 1개</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="731"/>
        <source>Detected: {n} CUDA GPUs</source>
        <translation>감지됨: CUDA GPU {n}개</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="742"/>
        <source>&amp;Engine</source>
        <translation>엔진(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="743"/>
        <source>Local (this computer)</source>
        <translation>로컬 (이 컴퓨터)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="744"/>
        <source>Remote server</source>
        <translation>원격 서버</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="745"/>
        <source>faster-whisper on this computer: the audio stays here</source>
        <translation>이 컴퓨터의 faster-whisper: 오디오가 이 컴퓨터에 남습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="747"/>
        <source>A transcription server (malsori serve, vLLM): the audio is sent to it</source>
        <translation>받아쓰기 서버(malsori serve, vLLM): 오디오를 그 서버로 보냅니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="749"/>
        <source>Where the speech is recognized</source>
        <translation>음성을 인식하는 곳</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="751"/>
        <source>&amp;Model</source>
        <translation>모델(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="752"/>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="753"/>
        <source>&amp;Task</source>
        <translation>작업(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="754"/>
        <source>Spea&amp;kers</source>
        <translation>화자(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="755"/>
        <source>&amp;Device</source>
        <translation>장치(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="756"/>
        <source>The speech recognition model. Larger models are more accurate and slower.</source>
        <translation>음성 인식 모델입니다. 큰 모델일수록 정확하지만 느립니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="759"/>
        <source>Auto-detect</source>
        <translation>자동 감지</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="760"/>
        <source>Detect the spoken language from the first 30 seconds</source>
        <translation>처음 30초로 말하는 언어를 알아냅니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="768"/>
        <source>{language} ({code})</source>
        <translation>{language} ({code})</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="771"/>
        <source>The language spoken in the recording</source>
        <translation>녹음에서 말하는 언어</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="773"/>
        <source>Transcribe</source>
        <translation>받아쓰기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="774"/>
        <source>Translate to English</source>
        <translation>영어로 번역</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="775"/>
        <source>Write down what is said, or translate it into English</source>
        <translation>말한 그대로 적거나 영어로 번역합니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="777"/>
        <source>Auto</source>
        <translation>자동</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="777"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="777"/>
        <source>GPU (CUDA)</source>
        <translation>GPU (CUDA)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="780"/>
        <source>Auto uses the GPU when one is found, otherwise the CPU</source>
        <translation>자동은 GPU가 있으면 GPU를, 없으면 CPU를 씁니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="783"/>
        <source>Advanced</source>
        <translation>고급</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="784"/>
        <source>Show or hide the advanced options</source>
        <translation>고급 옵션 보이기/숨기기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="785"/>
        <source>&amp;Beam size</source>
        <translation>빔 크기(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="786"/>
        <source>More beams can be slightly more accurate and are slower (default 5)</source>
        <translation>빔이 많을수록 조금 더 정확할 수 있지만 느립니다 (기본값 5)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="787"/>
        <source>Beam &amp;patience</source>
        <translation>빔 인내도(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="789"/>
        <source>How long beam search keeps looking for better candidates (default 1.0; higher is slower and sometimes more accurate). Used only with a beam size above 1.</source>
        <translation>빔 탐색이 더 나은 후보를 얼마나 오래 찾을지 정합니다 (기본값 1.0, 높을수록 느리고 때로 더 정확합니다). 빔 크기가 1보다 클 때만 쓰입니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="792"/>
        <source>Skip silence (VAD)</source>
        <translation>무음 건너뛰기 (VAD)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="793"/>
        <source>Leave out silent parts; fewer invented words during pauses</source>
        <translation>조용한 부분을 빼서 쉬는 동안 지어낸 말이 줄어듭니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="794"/>
        <source>Word timestamps</source>
        <translation>단어별 시간</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="796"/>
        <source>Time and confidence for every word; the editor uses them to point at doubtful words</source>
        <translation>단어마다 시간과 신뢰도를 기록합니다. 편집기가 이를 써서 의심스러운 단어를 짚어 줍니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="798"/>
        <source>&amp;Initial prompt</source>
        <translation>초기 프롬프트(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="799"/>
        <source>Names, terms, spelling style…</source>
        <translation>이름, 용어, 표기 방식…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="800"/>
        <source>Text that sets the vocabulary and style of the transcript</source>
        <translation>받아쓰기의 어휘와 문체를 정해 주는 텍스트</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="801"/>
        <source>&amp;Hotwords</source>
        <translation>핫워드(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="802"/>
        <source>Words to favour</source>
        <translation>우선할 단어</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="803"/>
        <source>Words the model should prefer when it hesitates</source>
        <translation>모델이 망설일 때 우선 고를 단어</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="805"/>
        <source>Download the model from the Hugging Face hub</source>
        <translation>Hugging Face 허브에서 모델을 받습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="806"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="807"/>
        <source>Stop the download; it resumes where it stopped next time</source>
        <translation>다운로드를 멈춥니다. 다음에 멈춘 곳부터 이어서 받습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="811"/>
        <source>99 languages</source>
        <translation>99개 언어</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="811"/>
        <source>English only</source>
        <translation>영어 전용</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="813"/>
        <source>{model} — bundled · {languages}</source>
        <translation>{model} — 내장 · {languages}</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="815"/>
        <source>{model} — imported · {languages}</source>
        <translation>{model} — 가져온 모델 · {languages}</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="817"/>
        <source>{model} — installed · {languages}</source>
        <translation>{model} — 설치됨 · {languages}</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="818"/>
        <source>{model} — download {size}</source>
        <translation>{model} — 다운로드 {size}</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="826"/>
        <source>Local folder…</source>
        <translation>로컬 폴더…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="827"/>
        <source>Use your own CTranslate2 Whisper model folder</source>
        <translation>내 CTranslate2 Whisper 모델 폴더를 씁니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="830"/>
        <source>Import fine-tuned model…</source>
        <translation>미세 조정한 모델 가져오기…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="831"/>
        <source>Convert a fine-tuned Hugging Face Transformers Whisper checkpoint into a model of this list (needs the convert extra)</source>
        <translation>미세 조정한 Hugging Face Transformers Whisper 체크포인트를 이 목록의 모델로 변환합니다 (convert 추가 구성 요소 필요)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/options_panel.py" line="835"/>
        <source>{folder} — local folder</source>
        <translation>{folder} — 로컬 폴더</translation>
    </message>
</context>
<context>
    <name>RecordingPanel</name>
    <message>
        <location filename="../../desktop/malsori/ui/recording_panel.py" line="165"/>
        <source>Refresh</source>
        <extracomment>the finished (or interrupted) recording, ready for a full transcription</extracomment>
        <translation>새로 고침</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/recording_panel.py" line="166"/>
        <source>The microphone, or a system-sound (monitor) source to record a call or a video</source>
        <translation>마이크, 또는 통화나 동영상을 녹음할 시스템 소리(모니터) 소스</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/recording_panel.py" line="167"/>
        <source>● Record</source>
        <translation>● 녹음</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/recording_panel.py" line="168"/>
        <source>Resume</source>
        <translation>계속</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/recording_panel.py" line="168"/>
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/recording_panel.py" line="169"/>
        <source>■ Stop</source>
        <translation>■ 정지</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/recording_panel.py" line="170"/>
        <source>Live captions</source>
        <translation>실시간 자막</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/recording_panel.py" line="171"/>
        <source>Captions window…</source>
        <translation>자막 창…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/recording_panel.py" line="172"/>
        <source>Input level</source>
        <translation>입력 크기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/recording_panel.py" line="196"/>
        <source>Default input</source>
        <translation>기본 입력</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/recording_panel.py" line="193"/>
        <source>system sound</source>
        <translation>시스템 소리</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/recording_panel.py" line="235"/>
        <source>Recording to %1</source>
        <translation>%1에 녹음하는 중</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/recording_panel.py" line="296"/>
        <source>Recording stopped: %1 What was recorded is kept.</source>
        <translation>녹음이 멈췄습니다: %1 녹음된 부분은 보관했습니다.</translation>
    </message>
</context>
<context>
    <name>RemoteEngineRows</name>
    <message>
        <location filename="../../desktop/malsori/ui/remote_engine_panel.py" line="207"/>
        <source>Remote: no valid server address yet</source>
        <extracomment>Stands out on light and dark palettes alike: the person must see that audio leaves the computer.</extracomment>
        <translation>원격: 아직 올바른 서버 주소가 없습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/remote_engine_panel.py" line="208"/>
        <source>Remote: audio is sent to {hosts}</source>
        <translation>원격: 오디오를 {hosts}(으)로 보냅니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/remote_engine_panel.py" line="232"/>
        <location filename="../../desktop/malsori/ui/remote_engine_panel.py" line="323"/>
        <source>No system keyring was found: the key is kept only until Malsori closes.</source>
        <translation>시스템 키링이 없어 키는 Malsori를 닫을 때까지만 보관됩니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/remote_engine_panel.py" line="274"/>
        <source>Asking {hosts}…</source>
        <translation>{hosts}에 묻는 중…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/remote_engine_panel.py" line="286"/>
        <source>Connected. The server has %n model(s).</source>
        <translation>
            <numerusform>연결되었습니다. 서버에 모델이 %n개 있습니다.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/remote_engine_panel.py" line="290"/>
        <source>{model} is now chosen.</source>
        <translation>이제 {model}이(가) 선택되었습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/remote_engine_panel.py" line="292"/>
        <source>It has no model named “{model}”; it has: {names}.</source>
        <translation>“{model}”라는 모델은 없습니다. 있는 모델: {names}.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/remote_engine_panel.py" line="312"/>
        <source>&amp;Server</source>
        <translation>서버(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/remote_engine_panel.py" line="314"/>
        <source>The address of an OpenAI-compatible transcription server (malsori serve, vLLM). Several servers: separate them with commas; each chunk goes to the least busy one. A router is one address.</source>
        <translation>OpenAI 호환 받아쓰기 서버(malsori serve, vLLM)의 주소입니다. 서버가 여럿이면 쉼표로 구분하세요. 각 조각은 가장 한가한 서버로 갑니다. 라우터는 주소 하나입니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/remote_engine_panel.py" line="316"/>
        <source>M&amp;odel</source>
        <translation>모델(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/remote_engine_panel.py" line="317"/>
        <source>The model&apos;s name on the server; Test connection lists them</source>
        <translation>서버에 있는 모델의 이름입니다. 연결 테스트로 목록을 볼 수 있습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/remote_engine_panel.py" line="318"/>
        <source>e.g. base</source>
        <translation>예: base</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/remote_engine_panel.py" line="319"/>
        <source>API &amp;key</source>
        <translation>API 키(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/remote_engine_panel.py" line="320"/>
        <source>optional</source>
        <translation>선택 사항</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/remote_engine_panel.py" line="321"/>
        <source>Kept in the system keyring, never in the settings file.</source>
        <translation>설정 파일이 아닌 시스템 키링에만 보관됩니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/remote_engine_panel.py" line="324"/>
        <source>&amp;Concurrency</source>
        <translation>동시 전송(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/remote_engine_panel.py" line="326"/>
        <source>How many pieces of a file are sent at once, all servers together. More servers take more.</source>
        <translation>한 번에 보내는 파일 조각의 수(모든 서버 합계)입니다. 서버가 많을수록 더 많이 받을 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/remote_engine_panel.py" line="327"/>
        <source>Test connection</source>
        <translation>연결 테스트</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/remote_engine_panel.py" line="328"/>
        <source>Ask the servers for their models</source>
        <translation>서버에 모델 목록을 묻습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/remote_engine_panel.py" line="329"/>
        <source>With the Remote engine, the audio of every file you transcribe is sent to these servers. Choose Local to keep it on this computer.</source>
        <translation>원격 엔진에서는 받아쓰는 모든 파일의 오디오가 이 서버로 보내집니다. 이 컴퓨터에 두려면 로컬을 고르세요.</translation>
    </message>
</context>
<context>
    <name>RenameSpeakerDialog</name>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_dialogs.py" line="30"/>
        <source>Rename speaker</source>
        <translation>화자 이름 바꾸기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_dialogs.py" line="33"/>
        <source>Remember this voice</source>
        <translation>이 목소리 기억하기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_dialogs.py" line="38"/>
        <source>Saves this speaker&apos;s voice fingerprint (not audio) on this computer, so the voice is named in files transcribed later. Undo restores the name here, but does not forget the voice: delete it in Speakers ▸ Known voices.</source>
        <translation>이 화자의 목소리 특징값(오디오가 아님)을 이 컴퓨터에 저장해, 나중에 전사하는 파일에서도 이 목소리에 이름을 붙입니다. 실행 취소는 여기의 이름만 되돌리고 목소리는 지우지 않습니다. 목소리는 화자 ▸ 알려진 목소리에서 삭제하세요.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_dialogs.py" line="44"/>
        <source>This speaker has no voice fingerprint (it was not found by speaker detection), so its voice cannot be remembered.</source>
        <translation>이 화자는 목소리 특징값이 없어(화자 인식으로 찾은 화자가 아님) 목소리를 기억할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_dialogs.py" line="51"/>
        <source>Name:</source>
        <translation>이름:</translation>
    </message>
</context>
<context>
    <name>Segments</name>
    <message>
        <location filename="../../desktop/malsori/ui/segment_table.py" line="41"/>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/segment_table.py" line="42"/>
        <source>End</source>
        <translation>끝</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/segment_table.py" line="43"/>
        <source>Text</source>
        <translation>텍스트</translation>
    </message>
</context>
<context>
    <name>SpeakerDelegate</name>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_column.py" line="33"/>
        <source>New speaker…</source>
        <extracomment>the row whose cell chose &quot;New speaker…&quot;</extracomment>
        <translation>새 화자…</translation>
    </message>
</context>
<context>
    <name>SpeakerEditing</name>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_editing.py" line="95"/>
        <source>&amp;Speakers</source>
        <extracomment>The first nine speakers are one key away: Alt+1 … Alt+9 assign the selected segments. The Speaker column grows with the longest name up to this; longer names are cut short.</extracomment>
        <translation>화자(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_editing.py" line="96"/>
        <source>&amp;Rename speaker…</source>
        <translation>화자 이름 바꾸기(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_editing.py" line="97"/>
        <source>&amp;Assign to speaker</source>
        <translation>화자 지정(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_editing.py" line="98"/>
        <source>Assign selected &amp;words to</source>
        <translation>선택한 단어의 화자 지정(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_editing.py" line="99"/>
        <source>&amp;Merge speakers…</source>
        <translation>화자 합치기(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_editing.py" line="100"/>
        <source>&amp;Known voices…</source>
        <translation>알려진 목소리(&amp;K)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_editing.py" line="102"/>
        <location filename="../../desktop/malsori/ui/speaker_editing.py" line="103"/>
        <source>&amp;New speaker…</source>
        <translation>새 화자(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_editing.py" line="104"/>
        <source>The words selected in a segment&apos;s text become a segment of their own with that speaker.</source>
        <translation>구간 텍스트에서 선택한 단어가 그 화자의 별도 구간이 됩니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_editing.py" line="107"/>
        <source>Speaker:</source>
        <translation>화자:</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_editing.py" line="108"/>
        <source>Show only the segments of one speaker</source>
        <translation>한 화자의 구간만 보기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_editing.py" line="159"/>
        <source>All</source>
        <translation>전체</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_editing.py" line="208"/>
        <location filename="../../desktop/malsori/ui/speaker_editing.py" line="225"/>
        <source>Select the segments to assign first.</source>
        <translation>먼저 지정할 구간을 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_editing.py" line="210"/>
        <source>Assign speaker</source>
        <translation>화자 지정</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_editing.py" line="214"/>
        <location filename="../../desktop/malsori/ui/speaker_editing.py" line="238"/>
        <source>New speaker</source>
        <translation>새 화자</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_editing.py" line="214"/>
        <source>Name of the new speaker:</source>
        <translation>새 화자의 이름:</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_editing.py" line="247"/>
        <source>Select words in a segment&apos;s text first (double-click the text, then select).</source>
        <translation>먼저 구간 텍스트에서 단어를 선택하세요(텍스트를 두 번 클릭한 뒤 선택).</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_editing.py" line="256"/>
        <source>These words have no times to split at: split the segment first (Ctrl+Return).</source>
        <translation>이 단어들에는 나눌 시간 정보가 없습니다. 먼저 구간을 나누세요(Ctrl+Return).</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_editing.py" line="275"/>
        <source>Assign words to a speaker</source>
        <translation>단어의 화자 지정</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_editing.py" line="299"/>
        <source>Remember this voice</source>
        <translation>이 목소리 기억하기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_editing.py" line="300"/>
        <source>The voice was not remembered: %1</source>
        <translation>목소리를 기억하지 못했습니다: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_editing.py" line="306"/>
        <source>Rename speaker</source>
        <translation>화자 이름 바꾸기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_editing.py" line="320"/>
        <source>Merge speakers</source>
        <translation>화자 합치기</translation>
    </message>
</context>
<context>
    <name>SpeakerLabels</name>
    <message>
        <location filename="../../desktop/malsori/ui/speaker_labels.py" line="34"/>
        <source>Name speakers in &amp;exported subtitles</source>
        <translation>내보낸 자막에 화자 이름 넣기(&amp;E)</translation>
    </message>
</context>
<context>
    <name>SpeakersChoice</name>
    <message>
        <location filename="../../desktop/malsori/ui/speakers_option.py" line="111"/>
        <source>Off</source>
        <translation>끔</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speakers_option.py" line="111"/>
        <source>No speaker labels</source>
        <translation>화자를 표시하지 않음</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speakers_option.py" line="112"/>
        <source>Automatic</source>
        <translation>자동</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speakers_option.py" line="112"/>
        <source>Find how many people speak and who says what</source>
        <translation>몇 명이 말하는지, 누가 무엇을 말했는지 찾기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speakers_option.py" line="113"/>
        <source>Exactly</source>
        <translation>정확히</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speakers_option.py" line="113"/>
        <source>You know how many people speak</source>
        <translation>말하는 사람 수를 알 때</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speakers_option.py" line="114"/>
        <source>Between</source>
        <translation>범위</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speakers_option.py" line="114"/>
        <source>At least and at most this many people speak</source>
        <translation>최소·최대 이만큼의 사람이 말할 때</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speakers_option.py" line="115"/>
        <source>One per channel</source>
        <translation>채널마다 한 명</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speakers_option.py" line="116"/>
        <source>A call or podcast recorded with a track per person: each channel is one speaker</source>
        <translation>사람마다 트랙이 따로 녹음된 통화나 팟캐스트: 채널 하나가 화자 한 명</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speakers_option.py" line="122"/>
        <source>Label who speaks, on this computer (nothing is sent anywhere)</source>
        <translation>누가 말하는지 이 컴퓨터에서 표시(아무것도 보내지 않음)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speakers_option.py" line="123"/>
        <source>Number of speakers</source>
        <translation>화자 수</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/speakers_option.py" line="124"/>
        <source>At most this many speakers</source>
        <translation>최대 화자 수</translation>
    </message>
</context>
<context>
    <name>SummaryPanel</name>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="158"/>
        <source>Language to translate into</source>
        <extracomment>Translation targets in their own names, so the list reads the same in any interface language. {&quot;prompt&quot;, &quot;action&quot;, &quot;model&quot;, &quot;created&quot; (seconds since the epoch), &quot;text&quot;}: for Project.extra[&quot;summaries&quot;]. True when a request starts, False when it has ended (done, failed or stopped).</extracomment>
        <translation>번역할 언어</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="159"/>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="160"/>
        <source>Send the selected text to the LLM server (Ctrl+Shift+Enter)</source>
        <translation>선택한 텍스트를 LLM 서버로 보냅니다 (Ctrl+Shift+Enter)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="161"/>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="162"/>
        <source>Stop the answer and keep what has arrived (Esc)</source>
        <translation>응답을 멈추고 지금까지 받은 내용은 유지합니다 (Esc)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="163"/>
        <source>LLM settings…</source>
        <translation>LLM 설정…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="164"/>
        <source>Your instruction, e.g. “List every date and deadline mentioned.”</source>
        <translation>지시문을 입력하세요. 예: “언급된 날짜와 마감일을 모두 나열하세요.”</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="165"/>
        <source>The answer appears here as it is written.</source>
        <translation>응답이 작성되는 대로 여기에 표시됩니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="166"/>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="167"/>
        <source>Save to project</source>
        <translation>프로젝트에 저장</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="168"/>
        <source>Export…</source>
        <translation>내보내기…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="191"/>
        <source>Select segments in the editor to work on them.</source>
        <translation>편집기에서 작업할 구간을 선택하세요.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="194"/>
        <source>%n segment(s)</source>
        <translation>
            <numerusform>구간 %n개</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="197"/>
        <source>about {n} tokens</source>
        <translation>약 {n} 토큰</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="239"/>
        <source>Nothing to send</source>
        <translation>보낼 내용이 없습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="239"/>
        <source>Select the segments to work on in the editor first.</source>
        <translation>먼저 편집기에서 작업할 구간을 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="251"/>
        <source>The prompt is empty</source>
        <translation>프롬프트가 비어 있습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="251"/>
        <source>Write an instruction for the custom prompt.</source>
        <translation>직접 입력할 프롬프트에 지시문을 적으세요.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="257"/>
        <source>Waiting for {server}…</source>
        <translation>{server}의 응답을 기다리는 중…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="271"/>
        <source>Stopping…</source>
        <translation>중지하는 중…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="292"/>
        <source>Part {i} of {n}</source>
        <translation>{n}개 중 {i}번째 부분</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="293"/>
        <source>Combining</source>
        <translation>합치는 중</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="299"/>
        <source>part {i} of {n}</source>
        <translation>{n}개 중 {i}번째 부분</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="300"/>
        <source>combining the parts&apos; answers</source>
        <translation>부분별 응답을 합치는 중</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="302"/>
        <source>Request {i} of {n}: {what}</source>
        <translation>요청 {i}/{n}: {what}</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="304"/>
        <source>Writing…</source>
        <translation>작성 중…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="322"/>
        <source>Done. The answer reached the “max output tokens” limit and may be cut short.</source>
        <translation>완료. 응답이 “최대 출력 토큰” 한도에 닿아 잘렸을 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="323"/>
        <source>Done.</source>
        <translation>완료.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="328"/>
        <source>Stopped. What arrived is kept.</source>
        <translation>중지했습니다. 받은 내용은 유지됩니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="354"/>
        <source>Copied.</source>
        <translation>복사했습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="370"/>
        <source>Saved into the project file {path}.</source>
        <translation>프로젝트 파일 {path}에 저장했습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="373"/>
        <source>Not written to disk yet: the answer is kept with the open project (and its autosave); save the project to keep it.</source>
        <translation>아직 디스크에 쓰지 않았습니다. 답은 열린 프로젝트(와 자동 저장)에 보관되어 있으니, 남기려면 프로젝트를 저장하세요.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="378"/>
        <source>Markdown (*.md)</source>
        <translation>마크다운 (*.md)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="378"/>
        <source>Plain text (*.txt)</source>
        <translation>일반 텍스트 (*.txt)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="380"/>
        <source>Export the answer</source>
        <translation>응답 내보내기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="390"/>
        <source>Export failed</source>
        <translation>내보내기 실패</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="393"/>
        <source>Exported to {path}.</source>
        <translation>{path}(으)로 내보냈습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/summary_panel.py" line="399"/>
        <source>Answer</source>
        <translation>응답</translation>
    </message>
</context>
<context>
    <name>VoicesDialog</name>
    <message>
        <location filename="../../desktop/malsori/ui/voices_dialog.py" line="48"/>
        <location filename="../../desktop/malsori/ui/voices_dialog.py" line="84"/>
        <source>Known voices</source>
        <translation>알려진 목소리</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/voices_dialog.py" line="51"/>
        <source>Malsori names these voices when it hears them again in a new file. For each one, only a voice fingerprint (a list of numbers that cannot be turned back into sound) is stored, not audio, and only on this computer.</source>
        <translation>말소리는 새 파일에서 이 목소리를 다시 들으면 이름을 붙입니다. 목소리마다 오디오가 아닌 목소리 특징값(소리로 되돌릴 수 없는 숫자 목록)만 이 컴퓨터에만 저장합니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/voices_dialog.py" line="56"/>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/voices_dialog.py" line="56"/>
        <source>Saved</source>
        <translation>저장한 날짜</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/voices_dialog.py" line="61"/>
        <source>No voices are saved. To save one, rename a speaker and tick “Remember this voice”.</source>
        <translation>저장된 목소리가 없습니다. 화자 이름을 바꾸면서 “이 목소리 기억하기”를 선택하면 저장됩니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/voices_dialog.py" line="64"/>
        <source>&amp;Rename…</source>
        <translation>이름 바꾸기(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/voices_dialog.py" line="66"/>
        <source>&amp;Delete</source>
        <translation>삭제(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/voices_dialog.py" line="126"/>
        <source>Rename voice</source>
        <translation>목소리 이름 바꾸기</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/voices_dialog.py" line="126"/>
        <source>Name:</source>
        <translation>이름:</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/voices_dialog.py" line="147"/>
        <source>Delete voice</source>
        <translation>목소리 삭제</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/voices_dialog.py" line="148"/>
        <source>Delete the voice “%1”? Malsori will no longer recognize it; this cannot be undone.</source>
        <translation>목소리 “%1”을(를) 삭제할까요? 말소리가 더 이상 이 목소리를 알아보지 못하며, 되돌릴 수 없습니다.</translation>
    </message>
</context>
<context>
    <name>WaveformView</name>
    <message>
        <location filename="../../desktop/malsori/ui/waveform.py" line="287"/>
        <source>Waveform</source>
        <extracomment>Samples per bucket of the pyramid&apos;s finest level: 16 ms at 16 kHz, so the pyramid is 1/128 of the audio&apos;s size, and zoomed in further than this the raw samples are few enough per pixel to read directly. The closest zoom: 0.25 ms a pixel, finer than anyone places a subtitle edge, and still only 4 samples a pixel (and 43 M pixels of timeline for three hours, far inside the scroll bar&apos;s int range). One zoom step (a key press or one wheel notch) multiplies the zoom by this. The shortest a segment can be made by dragging an edge. How close (px) the mouse must be to a region edge to grab it. Regions narrower than this (px) have no grabbable edges: at a zoom where a segment is a sliver, a click means &quot;select&quot;, and an edge drag would be a blind edit. Zoom in to retime it. The mouse must move this far (px) with the button down before an edge moves, so a click on an edge never retimes a segment by a jitter. A dragged edge snaps to another segment&apos;s edge or the playhead within this (px). After the person scrolls or zooms, playback stops pulling the view along for this long (s), so the view does not jump away from what they are looking at. When the playhead leaves the view, the view jumps so the playhead sits this fraction of the width from the left (a page flip, easier to read than a crawl). The playhead&apos;s colour: red reads on light and dark themes, and no palette role means &quot;current position&quot;. The tint of a segment with a quality warning (amber, on light and dark themes). How strongly a region shows its own colour (a speaker&apos;s) over the base, unselected and selected; regions without one take the palette&apos;s highlight, more faintly. Ruler tick steps (s) and how many minor ticks divide each. The person clicked the timeline: play from here (seconds). The person clicked inside segment ``index`` with these modifiers (Ctrl/Shift extend the selection). Emitted before the matching seek_requested. An edge is being dragged: (index, &quot;start&quot; or &quot;end&quot;, seconds), on every move. An edge drag ended with a change: (index, new start, new end), once.</extracomment>
        <translation>파형</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/waveform.py" line="290"/>
        <source>The audio&apos;s waveform with the subtitle segments as regions. Click to play from a point; drag a region&apos;s edge to change its time; Ctrl+wheel or + and - to zoom.</source>
        <translation>오디오 파형과 자막 구간입니다. 클릭하면 그 지점부터 재생하고, 구간 가장자리를 끌면 시간이 바뀝니다. Ctrl+휠이나 +, -로 확대·축소합니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/malsori/ui/waveform.py" line="677"/>
        <source>No audio</source>
        <translation>오디오 없음</translation>
    </message>
</context>
</TS>
