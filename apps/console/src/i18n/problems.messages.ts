import type { Messages } from './languages';

/**
 * The API's problems (RFC 9457, docs/problems.md) in each language, by their stable `type`
 * (`urn:perheverkko:problem:<slug>`): `type_<slug>`. A rule of the model is its own type (`type_<rule>`), said in
 * general words (the API's English `detail` names the case's particulars, which a translation cannot know). One row
 * per type (fi, sv, en); a type not listed is shown with the API's English text.
 */
const TYPES: Record<string, [fi: string, sv: string, en: string]> = {
  // Kinds that are not a rule of the model
  'invalid-fields': ['Tarkista merkityt kentät.', 'Kontrollera de markerade fälten.', 'Check the marked fields.'],
  'invalid-request': ['Pyyntö ei ole kelvollinen.', 'Begäran är inte giltig.', 'The request is not valid.'],
  'malformed-json': [
    'Lähetetyt tiedot eivät ole luettavissa.',
    'De skickade uppgifterna kan inte läsas.',
    'What was sent could not be read.',
  ],
  unauthenticated: [
    'Istunto on päättynyt. Kirjaudu uudelleen.',
    'Sessionen har gått ut. Logga in igen.',
    'Your session has ended. Sign in again.',
  ],
  forbidden: [
    'Sinulla ei ole oikeutta tähän (suostumus tai rooli ei sitä salli).',
    'Du har inte rätt till detta (samtycket eller rollen tillåter det inte).',
    'You may not do this (the consent or your role does not allow it).',
  ],
  'not-found': ['Tietoa ei löytynyt.', 'Uppgiften hittades inte.', 'Not found.'],
  'concurrent-change': [
    'Joku muu muutti tapausta sillä välin. Lataa tiedot uudelleen ja tee muutos sen jälkeen.',
    'Någon annan ändrade ärendet under tiden. Ladda om uppgifterna och gör ändringen därefter.',
    'Someone else changed the case meanwhile. Reload it, then make your change again.',
  ],
  conflict: [
    'Muutos ei sovi tapauksen nykyiseen tilaan.',
    'Ändringen passar inte ärendets nuvarande läge.',
    'The change does not fit the current state.',
  ],
  'precondition-failed': [
    'Joku muu muutti tietoja sillä välin. Lataa ne uudelleen.',
    'Någon annan ändrade uppgifterna under tiden. Ladda om dem.',
    'Someone else changed this meanwhile. Reload it.',
  ],
  'payload-too-large': ['Lähetettävä tieto on liian suuri.', 'Det som skickas är för stort.', 'What was sent is too large.'],
  'headers-too-large': [
    'Pyynnön otsaketiedot ovat liian suuret.',
    'Begärans huvudfält är för stora.',
    "The request's header fields are too large.",
  ],
  'request-timeout': [
    'Pyyntö ei saapunut ajoissa. Yritä uudelleen.',
    'Begäran kom inte fram i tid. Försök igen.',
    'The request did not arrive in time. Try again.',
  ],
  'unsupported-media-type': [
    'Tietoa ei voi lähettää tässä muodossa.',
    'Uppgifterna kan inte skickas i denna form.',
    'This cannot be sent in this form.',
  ],
  unprocessable: ['Pyyntöä ei voi toteuttaa.', 'Begäran kan inte utföras.', 'The request cannot be carried out.'],
  'too-many-requests': [
    'Liian monta pyyntöä. Odota hetki.',
    'För många förfrågningar. Vänta en stund.',
    'Too many requests. Wait a moment.',
  ],
  'internal-error': [
    'Palvelussa tapahtui odottamaton virhe. Yritä hetken kuluttua uudelleen.',
    'Ett oväntat fel inträffade i tjänsten. Försök igen om en stund.',
    'An unexpected error occurred. Try again in a moment.',
  ],
  'service-unavailable': [
    'Palvelu ei juuri nyt vastaa. Yritä hetken kuluttua uudelleen.',
    'Tjänsten svarar inte just nu. Försök igen om en stund.',
    'The service is not answering right now. Try again in a moment.',
  ],
  // Refusals by access (docs/access.md)
  'consent-does-not-share': [
    'Perheen suostumus ei jaa näitä tietoja sinulle.',
    'Familjens samtycke delar inte dessa uppgifter med dig.',
    "The family's consent does not share this with you.",
  ],
  'consent-expired': ['Perheen suostumus on päättynyt.', 'Familjens samtycke har gått ut.', "The family's consent has expired."],
  'consent-withdrawn': [
    'Perhe on perunut suostumuksensa. Kirjaa uusi suostumus perheen kanssa.',
    'Familjen har återkallat sitt samtycke. Anteckna ett nytt samtycke med familjen.',
    'The family withdrew its consent. Record a new consent with the family.',
  ],
  'no-relation-to-case': [
    'Sinulla ei ole yhteyttä tähän tapaukseen.',
    'Du har ingen koppling till ärendet.',
    'You have no part in this case.',
  ],
  'no-case-data-for-role': [
    'Roolisi ei lue tapausten tietoja.',
    'Din roll läser inte ärendenas uppgifter.',
    'Your role does not read the data of cases.',
  ],
  'role-may-not-read': ['Roolisi ei saa lukea tätä.', 'Din roll får inte läsa detta.', 'Your role may not read this.'],
  'role-not-allowed': ['Roolisi ei salli tätä.', 'Din roll tillåter inte detta.', 'Your role does not allow this.'],
  'not-your-organiser': [
    'Tapaus kuuluu toiselle järjestäjälle.',
    'Ärendet hör till en annan arrangör.',
    'The case belongs to another organiser.',
  ],
  'records-for-coordinators-only': [
    'Vain koordinaattori kirjaa tämän.',
    'Endast koordinatorn antecknar detta.',
    'Only a coordinator records this.',
  ],
  'auditor-purpose-required': [
    'Kerro lukemisen tarkoitus (tarkastajat).',
    'Ange syftet med läsningen (granskare).',
    'Give the purpose of reading (auditors).',
  ],
  'search-purpose-required': ['Kerro haun tarkoitus.', 'Ange syftet med sökningen.', 'Give the purpose of the search.'],
  'stale-version': [
    'Joku muu muutti tietoja sillä välin. Lataa ne uudelleen ja tee muutos sen jälkeen.',
    'Någon annan ändrade uppgifterna under tiden. Ladda om dem och gör ändringen därefter.',
    'Someone else changed this meanwhile. Reload it, then make your change again.',
  ],
  'reference-in-use': [
    'Tietoa käytetään tapauksissa, joten sitä ei voi poistaa.',
    'Uppgiften används i ärenden och kan inte tas bort.',
    'This entry is in use and cannot be removed.',
  ],
  'one-rebuild-at-a-time': ['Uudelleenrakennus on jo käynnissä.', 'En återuppbyggnad pågår redan.', 'A rebuild is already running.'],
  'dead-letters-on-kafka': [
    'Käsittelemättömät viestit ovat Kafkassa.',
    'De obehandlade meddelandena finns i Kafka.',
    'The dead letters are on Kafka.',
  ],
  'feedback-answer': ['Tarkista palautteen vastaukset.', 'Kontrollera responsens svar.', "Check the feedback's answers."],
  'open-case-exists': [
    'Lapsella on jo avoin tapaus. Liitä huoli siihen.',
    'Barnet har redan ett öppet ärende. Foga oron till det.',
    'The child already has an open case. Join the concern to it.',
  ],
  // Rules of the model: the concern
  'birth-date': [
    'Syntymäaika ei ole päivämäärä (VVVV-KK-PP).',
    'Födelsedatumet är inte ett datum (ÅÅÅÅ-MM-DD).',
    'The birth date is not a date (YYYY-MM-DD).',
  ],
  'birth-date-mismatch': [
    'Syntymäaika ei vastaa henkilötunnusta: korjaa toinen tai jätä syntymäaika pois.',
    'Födelsedatumet stämmer inte med personbeteckningen: rätta den ena eller lämna bort födelsedatumet.',
    'The birth date is not the one the identity code gives: correct one, or leave the birth date out.',
  ],
  'identity-code': [
    'Henkilötunnus ei ole kelvollinen. Käytä väliaikaista tunnistetta TEMP-…, jos tunnusta ei tiedetä.',
    'Personbeteckningen är inte giltig. Använd en tillfällig identifierare TEMP-… om den inte är känd.',
    'The identity code is not valid. Use a temporary identifier TEMP-… when it is not known.',
  ],
  'child-required': ['Nimeä lapsi tai lapset.', 'Ange barnet eller barnen.', 'Name the child or children.'],
  'guardian-required': ['Nimeä huoltaja tai huoltajat.', 'Ange vårdnadshavaren eller vårdnadshavarna.', 'Name the guardian or guardians.'],
  'municipality-required': ['Anna perheen kotikunta.', 'Ange familjens hemkommun.', "Give the family's home municipality."],
  'description-required': ['Kerro, mistä huoli on.', 'Beskriv vad oron gäller.', 'Say what the concern is about.'],
  'zone-range': [
    'Vyöhyke on 1 (ei huolta), 2 (huoli), 3 (huoli kasvaa) tai 4 (erittäin huolissaan).',
    'Zonen är 1 (ingen oro), 2 (oro), 3 (växande oro) eller 4 (mycket orolig).',
    'The zone is 1 (no concern), 2 (concern), 3 (growing concern) or 4 (very worried).',
  ],
  'registered-once': [
    'Tapaukselle on jo kirjattu huoli: arvioi se tai kirjaa keskustelu.',
    'Ärendet har redan en registrerad oro: bedöm den eller anteckna samtalet.',
    'A concern is already registered for this case: rate it or record the discussion.',
  ],
  'concern-must-exist': [
    'Tapaukselle ei ole kirjattu huolta: kirjaa se ensin.',
    'Ärendet har ingen registrerad oro: registrera den först.',
    'No concern is registered for this case: register it first.',
  ],
  'raise-with-family-first': [
    'Ota huoli ensin puheeksi perheen kanssa.',
    'Ta först upp oron med familjen.',
    'Raise the concern with the family first.',
  ],
  're-raise-after-raising': [
    'Uuden puheeksioton on oltava keskustelun jälkeen.',
    'Den nya tidpunkten ska vara efter samtalet.',
    'The time to raise it again must be after the discussion.',
  ],
  're-raise-time-for-zone-2': [
    'Vyöhykkeellä 2 sovi perheen kanssa, milloin huoli otetaan uudelleen puheeksi.',
    'I zon 2, kom överens med familjen om när oron tas upp igen.',
    'In zone 2, agree with the family when the concern is raised again.',
  ],
  'statutory-route': [
    'Vyöhyke 4 tai epäilty rikos lasta kohtaan edellyttää lastensuojeluilmoitusta (ja poliisille ilmoittamista).',
    'Zon 4 eller misstänkt brott mot barnet kräver en barnskyddsanmälan (och anmälan till polisen).',
    'Zone 4 or a suspected crime against the child needs a child protection notification (and the police).',
  ],
  'deviation-reason': [
    'Valittu reitti poikkeaa suosituksesta: kerro syy.',
    'Den valda vägen avviker från rekommendationen: ange orsaken.',
    'The route chosen differs from the recommendation: give the reason.',
  ],
  'family-wish-required': [
    'Yhteinen tapaaminen kutsutaan koolle vain, kun perhe toivoo tukea.',
    'Ett gemensamt möte sammankallas endast när familjen önskar stöd.',
    'A joint meeting is convened only when the family wishes support.',
  ],
  'notification-not-delegable': [
    'Vain huolen havainnut työntekijä voi kirjata ilmoituksen tehdyksi.',
    'Endast arbetstagaren som märkte oron kan anteckna att anmälan gjorts.',
    'Only the worker who noticed the concern can record the notification.',
  ],
  'contact-not-delegable': [
    'Vain huolen haltija voi tehdä tämän.',
    'Endast den som har oron kan göra detta.',
    'Only the worker who holds the concern can do this.',
  ],
  'contact-after-raising': [
    'Yhteydenotto ei voi olla ennen kuin huoli otettiin puheeksi perheen kanssa.',
    'Kontakten kan inte vara före samtalet med familjen.',
    'The contact cannot be before the concern was raised with the family.',
  ],
  'not-yet-made': [
    'Aika on tulevaisuudessa: kirjaa yhteydenotto, kun se on tehty.',
    'Tiden ligger i framtiden: anteckna kontakten när den gjorts.',
    'The time is in the future: record the contact once it is made.',
  ],
  'route-not-needs-assessment': [
    'Päätä ensin reitiksi palvelutarpeen arviointi.',
    'Besluta först om bedömning av servicebehov som väg.',
    'Decide the route social care needs assessment first.',
  ],
  'needs-assessment-content': ['Kirjaa, mitä yhteydenotossa kerrotaan.', 'Anteckna vad kontakten gäller.', 'Record what the contact says.'],
  'needs-assessment-recipient': [
    'Nimeä sosiaalitoimisto, johon yhteyttä otettiin.',
    'Ange socialbyrån som kontaktades.',
    'Name the social care office contacted.',
  ],
  'needs-assessment-with-parents': [
    'Yhteydenotto tehdään yhdessä vanhempien kanssa: nimeä, ketkä heistä osallistuivat.',
    'Kontakten görs tillsammans med föräldrarna: ange vilka av dem som deltog.',
    'The contact is made together with the parents: name who of them took part.',
  ],
  'parent-not-guardian': [
    'Henkilö ei ole huoleen kirjattu huoltaja.',
    'Personen är inte en vårdnadshavare som antecknats med oron.',
    'This person is not a guardian registered with the concern.',
  ],
  'service-contact-zone-2': [
    'Yhteydenotto perheen palveluihin on vyöhykkeen 2 vaihe.',
    'Kontakt med familjens tjänster hör till zon 2.',
    "Contacting the family's services is the zone 2 step.",
  ],
  'service-name': ['Nimeä palvelu.', 'Ange tjänsten.', 'Name the service.'],
  'no-open-case-to-join': [
    'Viitteellä ei löydy lasten avointa tapausta (se on ehkä päättynyt).',
    'Referensen hittar inget öppet ärende för barnen (det kan ha avslutats).',
    'No open case of these children goes with this reference (it may have closed).',
  ],
  'joined-by-caller': [
    'Huolen liittää tapaukseen vain työntekijä, jolla se on.',
    'Oron fogas till ärendet endast av arbetstagaren som har den.',
    'A concern is joined only by the worker who has it.',
  ],
  'own-case': [
    'Tämä on oma tapauksesi: arvioi vyöhyke tai kirjaa keskustelu sen sijaan.',
    'Detta är ditt eget ärende: bedöm zonen eller anteckna samtalet i stället.',
    'This is your own case: rate the zone or record the discussion instead.',
  ],
  'reference-entry-unknown': ['Viitetietoa ei ole.', 'Referensuppgiften finns inte.', 'No such reference entry.'],
  'reference-version-immutable': [
    'Tätä versiota on käytetty, eikä se muutu: kirjaa muutos uutena versiona.',
    'Versionen har använts och ändras inte: anteckna ändringen som en ny version.',
    'This version is in use and never changes: record the change as a new version.',
  ],
  // Convening: consents, invitations, meetings, rooms
  'convening-must-be-open': [
    'Tapausta ei ole ohjattu yhteiseen tapaamiseen.',
    'Ärendet har inte hänvisats till ett gemensamt möte.',
    'This case has not been routed to a joint meeting.',
  ],
  'consent-unknown': [
    'Tapaukselle ei ole kirjattu tätä suostumusta.',
    'Detta samtycke har inte antecknats i ärendet.',
    'No such consent is recorded for this case.',
  ],
  'consent-id-used': ['Suostumus on jo kirjattu.', 'Samtycket är redan antecknat.', 'This consent is already recorded.'],
  'consent-not-in-force': ['Suostumus ei ole voimassa.', 'Samtycket är inte i kraft.', 'The consent is not in force.'],
  'consent-not-in-force-at-meeting': [
    'Perheen suostumus päättyy ennen tapaamista: jatka suostumusta tai valitse aikaisempi aika.',
    'Familjens samtycke upphör före mötet: förläng samtycket eller välj en tidigare tid.',
    "The family's consent ends before the meeting: extend it or choose an earlier time.",
  ],
  'consent-scope-required': [
    'Suostumus nimeää vähintään yhden henkilön, organisaation tai sektorin.',
    'Samtycket anger minst en person, organisation eller sektor.',
    'A consent names at least one person, organisation or sector.',
  ],
  'consent-scope-value': [
    'Jokainen suostumuksen kohta nimeää, kenet se kattaa.',
    'Varje del av samtycket anger vem den gäller.',
    'Every consent scope names who it covers.',
  ],
  'consent-share-category': [
    'Valitse jaettavat tiedot annetuista vaihtoehdoista.',
    'Välj vad som delas bland alternativen.',
    'Choose what is shared from the options given.',
  ],
  'consent-validity': [
    'Voimassaolon on päätyttävä tulevaisuudessa.',
    'Giltighetstiden ska sluta i framtiden.',
    'The validity must end in the future.',
  ],
  'consent-guardian-of-case': [
    'Suostumuksen antaa lapsen oma, huoleen kirjattu huoltaja.',
    'Samtycket ges av barnets egen vårdnadshavare som antecknats med oron.',
    "Consent is given by the child's own guardians registered with the concern.",
  ],
  'consent-guardians-unreadable': [
    'Suostumuksen huoltajia ei voi enää lukea (tiedot poistettu). Mitään ei kirjattu.',
    'Samtyckets vårdnadshavare kan inte längre läsas (raderade). Inget antecknades.',
    "The consent's guardians can no longer be read (erased). Nothing was recorded.",
  ],
  'extension-shortens': [
    'Jatko ei voi lyhentää suostumusta: peru se sen sijaan.',
    'En förlängning kan inte förkorta samtycket: återkalla det i stället.',
    'An extension cannot shorten the consent: withdraw it instead.',
  ],
  'withdrawn-by-consenting-guardian': [
    'Suostumuksen perii huoltaja, joka antoi sen.',
    'Samtycket återkallas av en vårdnadshavare som gav det.',
    'The consent is withdrawn by a guardian who gave it.',
  ],
  'convener-invites': [
    'Vain koollekutsuja lähettää kutsut.',
    'Endast sammankallaren skickar inbjudningarna.',
    'Only the convener sends the invitations.',
  ],
  'outside-consent': [
    'Perheen suostumus ei kata kutsuttavaa. Mitään ei lähetetty.',
    'Familjens samtycke omfattar inte den inbjudna. Inget skickades.',
    "The family's consent does not cover the invitee. Nothing was sent.",
  ],
  'invitation-id-used': ['Kutsu on jo olemassa.', 'Inbjudan finns redan.', 'The invitation already exists.'],
  'invitation-unknown': ['Kutsua ei ole.', 'Inbjudan finns inte.', 'No such invitation.'],
  'invitation-cancelled': [
    'Kutsu on peruttu: siihen ei voi vastata.',
    'Inbjudan är återkallad: den kan inte besvaras.',
    'The invitation was cancelled: it cannot be answered.',
  ],
  'proposed-time-required': ['Ehdota aikaa.', 'Föreslå en tid.', 'Propose a time.'],
  'no-participants': [
    'Kutsu perheen toivomat osallistujat ennen ajan sopimista.',
    'Bjud in de deltagare familjen önskar innan tiden bokas.',
    'Invite the participants the family wants before scheduling.',
  ],
  'first-meeting-once': [
    'Ensimmäinen tapaaminen on jo sovittu: sovi seurantatapaaminen.',
    'Det första mötet är redan bokat: boka ett uppföljningsmöte.',
    'The first meeting is already scheduled: schedule a follow-up.',
  ],
  'first-meeting-first': [
    'Seurantaa pyydetään ensimmäisen tapaamisen jälkeen.',
    'Uppföljning begärs efter det första mötet.',
    'A follow-up is requested after the first meeting.',
  ],
  'further-meeting-reason': [
    'Malli suunnittelee rajatun määrän tapaamisia: kerro syy lisätapaamiselle.',
    'Modellen planerar ett begränsat antal möten: ange orsaken till ytterligare ett.',
    'The model plans a limited number of meetings: give the reason for another one.',
  ],
  'meeting-times': [
    'Päättymisajan on oltava alkamisajan jälkeen.',
    'Sluttiden ska vara efter starttiden.',
    'The end must be after the start.',
  ],
  'meeting-unknown': [
    'Tapaamista ei ole sovittu tässä tapauksessa.',
    'Mötet har inte bokats i detta ärende.',
    'No such meeting is scheduled in this case.',
  ],
  'meeting-cancelled': [
    'Tapaaminen on peruttu: sovi uusi.',
    'Mötet är inställt: boka ett nytt.',
    'The meeting was cancelled: schedule a new one.',
  ],
  'meeting-under-way': [
    'Tapaaminen on jo alkamassa, eikä sitä voi enää muuttaa.',
    'Mötet börjar redan och kan inte längre ändras.',
    'The meeting is under way and can no longer be changed.',
  ],
  'reschedule-changes-nothing': [
    'Tapaaminen on jo tuona aikana tuossa tilassa.',
    'Mötet är redan vid den tiden i den lokalen.',
    'The meeting already is at that time in that room.',
  ],
  'double-booking': [
    'Tila on jo varattu tuolloin: valitse toinen aika tai tila.',
    'Lokalen är redan bokad då: välj en annan tid eller lokal.',
    'The room is already booked then: choose another time or room.',
  ],
  'room-booking-times': [
    'Varaukselle tarvitaan alku- ja loppuaika.',
    'Bokningen behöver start- och sluttid.',
    'A booking needs its start and end.',
  ],
  'room-booking-too-long': [
    'Tila varataan yhdelle tapaamiselle, enintään muutamaksi tunniksi.',
    'Lokalen bokas för ett möte, högst några timmar.',
    'A room is booked for one meeting, a few hours at most.',
  ],
  // The meeting
  'meeting-must-be-open': ['Tapaamista ei ole sovittu.', 'Mötet har inte bokats.', 'This meeting has not been scheduled.'],
  'meeting-not-started': [
    'Tapaamisen kirjaus avautuu vähän ennen sen alkua.',
    'Mötesanteckningen öppnas strax före mötet.',
    "The meeting's record opens shortly before it starts.",
  ],
  'meeting-closed': [
    'Tapaaminen on päätetty: myöhemmät muutokset kuuluvat seurantaan.',
    'Mötet är avslutat: senare ändringar hör till uppföljningen.',
    'The meeting is closed: later changes belong to follow-up.',
  ],
  'attendance-first': [
    'Kirjaa läsnäolijat ennen suunnitelmaa.',
    'Anteckna de närvarande före planen.',
    'Record who attended before the plan is agreed.',
  ],
  'attendee-not-covered-by-consent': [
    'Osallistujaa ei ole kutsuttu eikä perheen suostumus kata häntä.',
    'Deltagaren är inte inbjuden och omfattas inte av familjens samtycke.',
    "The participant is neither invited nor covered by the family's consent.",
  ],
  'attendee-not-in-directory': [
    'Nimeä ammattilainen henkilöluettelosta.',
    'Ange yrkespersonen ur personalkatalogen.',
    'Name the professional from the staff directory.',
  ],
  'family-present': [
    'Yhteinen tapaaminen pidetään perheen kanssa: kirjaa vähintään yksi perheenjäsen.',
    'Det gemensamma mötet hålls med familjen: anteckna minst en familjemedlem.',
    'The joint meeting is held with the family: record at least one family member.',
  ],
  'consent-form-first': [
    'Vahvista ensin, että perhe allekirjoitti suostumuslomakkeen.',
    'Bekräfta först att familjen undertecknade samtyckesblanketten.',
    'First confirm that the family signed the consent form.',
  ],
  'consent-form-signer': [
    'Nimeä, kuka perheestä allekirjoitti suostumuslomakkeen.',
    'Ange vem i familjen som undertecknade samtyckesblanketten.',
    'Name who in the family signed the consent form.',
  ],
  'views-required': ['Kirjaa vähintään yhden osapuolen näkemys.', 'Anteckna minst en parts synpunkt.', "Record at least one party's view."],
  'star-config': ['Hyvinvointitähden versiota ei tunneta.', 'Välmåendestjärnans version är okänd.', 'Unknown Wellbeing Star version.'],
  'star-area': [
    'Alue ei kuulu tähän Hyvinvointitähden versioon.',
    'Området hör inte till denna version av stjärnan.',
    'The area is not part of this Wellbeing Star version.',
  ],
  'star-area-once': ['Sama alue on arvioitu kahdesti.', 'Samma område har bedömts två gånger.', 'The same area is rated twice.'],
  'star-scale': ['Pistemäärä on asteikon ulkopuolella.', 'Poängen ligger utanför skalan.', 'The score is outside the scale.'],
  'star-sub-item': ['Alakohta ei kuulu tähän alueeseen.', 'Delområdet hör inte till området.', 'The sub-item is not part of this area.'],
  'star-sub-item-once': [
    'Sama alakohta on arvioitu kahdesti.',
    'Samma delområde har bedömts två gånger.',
    'The same sub-item is rated twice.',
  ],
  'star-child-not-in-case': ['Lapsi ei kuulu tähän tapaukseen.', 'Barnet hör inte till ärendet.', 'The child is not a child of this case.'],
  'close-worker-tasks-required': ['Valitse vähintään yksi tehtävä.', 'Välj minst en uppgift.', 'Tick at least one task.'],
  'close-worker-task-unknown': [
    'Tehtävä ei ole lähityöntekijän tehtävä.',
    'Uppgiften är inte närarbetarens.',
    "The task is not one of the close worker's.",
  ],
  'close-worker-task-once': ['Sama tehtävä on valittu kahdesti.', 'Samma uppgift är vald två gånger.', 'The same task is ticked twice.'],
  'plan-matters': [
    'Nimeä vähintään yksi asia, johon tarvitaan muutosta.',
    'Ange minst en fråga som behöver förändring.',
    'Name at least one matter that needs change.',
  ],
  'plan-actions': [
    'Suunnitelma kertoo, mitä tehdään seuraavaksi.',
    'Planen anger vad som görs härnäst.',
    'A plan states what is done next.',
  ],
  'plan-action-who-when': [
    'Kerro jokaisesta toimenpiteestä, kuka sen tekee ja mihin mennessä.',
    'Ange för varje åtgärd vem som gör den och när.',
    'Say for each action who does it and by when.',
  ],
  'plan-action-where': [
    'Kerro, missä muualla toimenpide tapahtuu.',
    'Ange var annanstans åtgärden sker.',
    'Say where else the action happens.',
  ],
  'plan-follow-up': [
    'Kerro, miten työntekijä ja perhe pitävät yhteyttä.',
    'Ange hur arbetstagaren och familjen håller kontakt.',
    'Say how the worker and the family contact each other.',
  ],
  'plan-agreed-once': [
    'Suunnitelma on jo sovittu: muuta sitä.',
    'Planen är redan överenskommen: revidera den.',
    'The plan is already agreed: revise it instead.',
  ],
  'plan-agreed-here': [
    'Suunnitelma sovittiin tässä tapaamisessa: muuta sitä.',
    'Planen kom man överens om vid detta möte: revidera den.',
    'The plan was agreed at this meeting: revise it instead.',
  ],
  'plan-confirmed-once': [
    'Perhe on jo vahvistanut suunnitelman: muuta sitä.',
    'Familjen har redan bekräftat planen: revidera den.',
    'The family already confirmed the plan: revise it instead.',
  ],
  'plan-in-force': [
    'Seurantatapaaminen lähtee voimassa olevasta suunnitelmasta: perhe vahvistaa sen ensin.',
    'Uppföljningsmötet utgår från planen i kraft: familjen bekräftar den först.',
    'This follow-up meeting starts from the plan in force: the family confirms it first.',
  ],
  'plan-taken-on-by-later-meeting': [
    'Myöhempi tapaaminen on ottanut suunnitelman käsiteltäväksi: muuta sitä siellä.',
    'Ett senare möte har tagit över planen: ändra den där.',
    'A later meeting has taken the plan on: change it there.',
  ],
  'plan-before-closing': [
    'Tapaaminen päätetään sovitulla suunnitelmalla, jossa on vastuutyöntekijä.',
    'Mötet avslutas med en överenskommen plan som anger ansvarig arbetstagare.',
    'A joint meeting closes with an agreed plan naming the responsible worker.',
  ],
  'plan-before-printing': [
    'Suunnitelmaa ei ole vielä sovittu: sovi se ennen tulostamista.',
    'Ingen plan är överenskommen ännu: kom överens om den före utskrift.',
    'No plan is agreed yet: agree it before printing.',
  ],
  'revision-reason': ['Kerro, miksi suunnitelma muuttuu.', 'Ange varför planen ändras.', 'Say why the plan changes.'],
  'responsible-worker-first': [
    'Perhe nimeää ensin vastuutyöntekijän.',
    'Familjen utser först en ansvarig arbetstagare.',
    'The family names a responsible worker first.',
  ],
  'responsible-workers-count': [
    'Perhe nimeää yhden vastuutyöntekijän tai parin.',
    'Familjen utser en ansvarig arbetstagare eller ett par.',
    'The family names one responsible worker, or a pair.',
  ],
  'responsible-workers-distinct': [
    'Vastuutyöntekijäpari on kaksi eri ammattilaista.',
    'Ett par ansvariga är två olika yrkespersoner.',
    'A pair of responsible workers is two different professionals.',
  ],
  'responsible-worker-unknown': [
    'Vastuutyöntekijä nimetään henkilöluettelosta.',
    'Den ansvariga utses ur personalkatalogen.',
    'The responsible worker is named from the staff directory.',
  ],
  'responsible-worker-public': [
    'Vastuutyöntekijän on oltava julkisesta palvelusta.',
    'Den ansvariga ska komma från en offentlig tjänst.',
    'The responsible worker must be from a public service.',
  ],
  'responsible-worker-not-covered-by-consent': [
    'Mainittu suostumus ei kata vastuutyöntekijää.',
    'Det angivna samtycket omfattar inte den ansvariga.',
    'The consent cited does not cover the responsible worker.',
  ],
  'change-reason': [
    'Vastuutyöntekijän vaihto tarvitsee syyn.',
    'Byte av ansvarig arbetstagare kräver en orsak.',
    'Changing the responsible worker needs a reason.',
  ],
  'closing-check': [
    'Tapaaminen päätetään yhteisellä arvioinnilla: käy läpi asialista.',
    'Mötet avslutas med en gemensam utvärdering: gå igenom dagordningen.',
    'The meeting closes with the joint evaluation: go through the agenda.',
  ],
  'closing-check-item': ['Nimeä asialistan asia.', 'Ange frågan på dagordningen.', 'Name the agenda item.'],
  'closing-check-contradicts': [
    'Asialista ja "kaikki käsitelty" ovat ristiriidassa.',
    'Dagordningen och "allt behandlat" motsäger varandra.',
    'The agenda and "all matters covered" contradict each other.',
  ],
  // Plan follow-up
  'plan-not-agreed': [
    'Tapaukselle ei ole vielä sovittu suunnitelmaa.',
    'Ingen gemensam plan har ännu överenskommits.',
    'No joint plan has been agreed for this case yet.',
  ],
  'case-closed': [
    'Tapaus on päätetty: avaa se uudelleen, jos uusi huoli ilmenee.',
    'Ärendet är avslutat: öppna det igen om en ny oro uppstår.',
    'The case is closed: reopen it if a new concern arises.',
  ],
  'case-erased': [
    'Tapauksen henkilötiedot on poistettu: tätä ei voi enää kirjata.',
    'Ärendets personuppgifter har raderats: detta kan inte längre antecknas.',
    "The case's personal data was erased: this can no longer be recorded.",
  ],
  'responsible-worker-only': [
    'Tämän tekee vastuutyöntekijä.',
    'Detta görs av den ansvariga arbetstagaren.',
    'This is done by the responsible worker.',
  ],
  'action-unknown': ['Suunnitelmassa ei ole tätä toimenpidettä.', 'Planen har ingen sådan åtgärd.', 'The plan has no such action.'],
  'contact-summary': ['Tiivistä yhteydenpito.', 'Sammanfatta kontakten.', 'Summarise the contact.'],
  'follow-up-reason': ['Lisätapaaminen tarvitsee syyn.', 'Ett ytterligare möte kräver en orsak.', 'A further meeting needs a reason.'],
  'referral-required': [
    'Vahvempi tuki tarkoittaa ohjausta nimettyyn palveluun.',
    'Starkare stöd innebär hänvisning till en namngiven tjänst.',
    'Stronger support means a referral to a named service.',
  ],
  'referral-service': ['Ohjaus nimeää palvelun.', 'Hänvisningen anger tjänsten.', 'A referral names the service.'],
  'service-unknown': [
    'Palvelua ei ole palveluluettelossa.',
    'Tjänsten finns inte i tjänstekatalogen.',
    'The service is not in the service catalogue.',
  ],
  'referral-consent': [
    'Ohjaus tarvitsee perheen suostumuksen (tai lakiperusteen).',
    'Hänvisningen kräver familjens samtycke (eller laglig grund).',
    "The referral needs the family's consent (or the legal basis).",
  ],
  'referral-consent-unknown': [
    'Perhe ei ole antanut tätä suostumusta tässä tapauksessa.',
    'Familjen har inte gett detta samtycke i ärendet.',
    'The family has given no such consent in this case.',
  ],
  'referral-consent-not-in-force': [
    'Suostumus ei ole voimassa: ohjaa voimassa olevalla suostumuksella tai lakiperusteella.',
    'Samtycket är inte i kraft: hänvisa med ett samtycke i kraft eller laglig grund.',
    'The consent is not in force: refer on one in force, or on the legal basis.',
  ],
  'referral-consent-does-not-cover-service': [
    'Suostumus ei kata tätä palvelua.',
    'Samtycket omfattar inte denna tjänst.',
    'The consent does not cover this service.',
  ],
  'reopen-closed-only': [
    'Vain päätetyn tapauksen voi avata uudelleen.',
    'Endast ett avslutat ärende kan öppnas igen.',
    'Only a closed case can be reopened.',
  ],
  'reopen-reason': [
    'Kerro, mikä uusi huoli avaa tapauksen.',
    'Ange vilken ny oro som öppnar ärendet.',
    'Say what new concern reopens the case.',
  ],
  // Adoption of the model
  'adoption-stage': ['Vaihe on 1–5.', 'Skedet är 1–5.', 'The stage is 1–5.'],
  'stage-unchanged': ['Kunta on jo tässä vaiheessa.', 'Kommunen är redan i detta skede.', 'The municipality is already at this stage.'],
  'step-back-reason': [
    'Vaiheen lasku tarvitsee perustelun.',
    'Att gå tillbaka ett skede kräver en motivering.',
    'Going back a stage needs a note saying why.',
  ],
};

/**
 * Field reasons class-validator gives in its own stable words (`name must be a string`), each as a code with the
 * values it names; and the identity code's reasons (intake). `violation_<code>`, with `{{…}}` from the reason.
 */
const VIOLATIONS: Record<string, [fi: string, sv: string, en: string]> = {
  required: ['Pakollinen tieto.', 'Obligatorisk uppgift.', 'Required.'],
  notEmpty: ['Täytä tämä kenttä.', 'Fyll i detta fält.', 'Fill this in.'],
  tooLong: ['Enintään {{max}} merkkiä.', 'Högst {{max}} tecken.', 'At most {{max}} characters.'],
  tooShort: ['Vähintään {{min}} merkkiä.', 'Minst {{min}} tecken.', 'At least {{min}} characters.'],
  oneOf: ['Valitse jokin vaihtoehdoista.', 'Välj ett av alternativen.', 'Choose one of the options.'],
  string: ['Anna teksti.', 'Ange en text.', 'Give a text.'],
  integer: ['Anna kokonaisluku.', 'Ange ett heltal.', 'Give a whole number.'],
  atLeast: ['Vähintään {{min}}.', 'Minst {{min}}.', 'At least {{min}}.'],
  atMost: ['Enintään {{max}}.', 'Högst {{max}}.', 'At most {{max}}.'],
  boolean: ['Valitse kyllä tai ei.', 'Välj ja eller nej.', 'Choose yes or no.'],
  list: ['Anna luettelo.', 'Ange en lista.', 'Give a list.'],
  fewItems: ['Vähintään {{min}}.', 'Minst {{min}}.', 'At least {{min}}.'],
  manyItems: ['Enintään {{max}}.', 'Högst {{max}}.', 'At most {{max}}.'],
  dateTime: ['Anna päivämäärä ja aika.', 'Ange datum och tid.', 'Give a date and time.'],
  uuid: ['Tunniste ei ole kelvollinen.', 'Identifieraren är inte giltig.', 'The identifier is not valid.'],
  format: ['Tarkista muoto.', 'Kontrollera formatet.', 'Check the format.'],
  unknownField: ['Tätä tietoa ei oteta vastaan.', 'Denna uppgift tas inte emot.', 'This field is not accepted.'],
  identityCodeCheck: [
    'Henkilötunnuksen tarkistemerkin pitäisi olla {{expected}}, ei {{given}}; tai anna väliaikainen tunniste TEMP-…',
    'Personbeteckningens kontrolltecken borde vara {{expected}}, inte {{given}}; eller ange en tillfällig identifierare TEMP-…',
    'The check character should be {{expected}}, not {{given}}; or give a temporary identifier TEMP-…',
  ],
  identityCodeShape: [
    'Henkilötunnus on muotoa PPKKVVXNNNT (esim. 131052-308T); tai anna väliaikainen tunniste TEMP-…',
    'Personbeteckningen har formen DDMMÅÅXNNNK (t.ex. 131052-308T); eller ange en tillfällig identifierare TEMP-…',
    'An identity code looks like DDMMYYCZZZQ (e.g. 131052-308T); or give a temporary identifier TEMP-…',
  ],
  identityCodeDate: [
    'Henkilötunnuksen päivämäärä {{date}} ei ole olemassa.',
    'Datumet {{date}} i personbeteckningen finns inte.',
    'The date {{date}} in the identity code does not exist.',
  ],
  identityCodeIndividual: [
    'Yksilönumeroa 000–001 ei anneta koskaan.',
    'Individnumret 000–001 ges aldrig.',
    'The individual number 000–001 is never issued.',
  ],
  temporaryIdentifier: [
    'Väliaikainen tunniste on TEMP- ja 4–40 kirjainta, numeroa tai väliviivaa (esim. TEMP-2026-0001).',
    'En tillfällig identifierare är TEMP- följt av 4–40 bokstäver, siffror eller bindestreck (t.ex. TEMP-2026-0001).',
    'A temporary identifier is TEMP- followed by 4–40 letters, digits or hyphens (e.g. TEMP-2026-0001).',
  ],
  purposeRequired: ['Kerro lukemisen tarkoitus.', 'Ange syftet med läsningen.', 'Give the purpose of reading.'],
  periodFormat: [
    'Anna päivämäärä (VVVV-KK-PP), kuukausi (VVVV-KK) tai vuosi.',
    'Ange ett datum (ÅÅÅÅ-MM-DD), en månad (ÅÅÅÅ-MM) eller ett år.',
    'Give a date (YYYY-MM-DD), a month (YYYY-MM) or a year.',
  ],
  wholeMonths: ['Valitse kokonaisia kuukausia.', 'Välj hela månader.', 'Choose whole months.'],
  afterFrom: ['Päättymisen on oltava alun jälkeen.', 'Slutet ska vara efter början.', 'The end must be after the start.'],
};

const column = (i: 0 | 1 | 2) => ({
  ...Object.fromEntries(Object.entries(TYPES).map(([slug, texts]) => [`type_${slug}`, texts[i]])),
  ...Object.fromEntries(Object.entries(VIOLATIONS).map(([code, texts]) => [`violation_${code}`, texts[i]])),
});

export const problems: Messages = { fi: column(0), sv: column(1), en: column(2) };
